import FlintCore
import HTTPTypes
import Hummingbird

/// Reads who the client is from `X-Forwarded-For` when the peer is a trusted proxy
/// (`FLINT_TRUSTED_PROXIES`); every limit per client address then keys on that client. Without
/// trusted proxies it is not installed, and a request costs nothing here.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let proxies: TrustedProxies

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let forwarded = request.headers[values: Self.forwardedFor]
        guard !forwarded.isEmpty, let peer = context.remoteAddress?.ipAddress else { return try await next(request, context) }
        var context = context
        context.forwardedClient = proxies.client(peer: peer, forwardedFor: forwarded)
        return try await next(request, context)
    }
}
