import FlintCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads who the client is from `X-Forwarded-For` when the peer is a trusted proxy
/// (`FLINT_TRUSTED_PROXIES`); every limit per client address then keys on that client. Without
/// trusted proxies it is not installed, and a request costs nothing here.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let proxies: TrustedProxies

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let client = Self.forwardedClient(request.headers, remoteAddress: context.remoteAddress, proxies: proxies) else {
            return try await next(request, context)
        }
        var context = context
        context.forwardedClient = client
        return try await next(request, context)
    }

    /// The client `X-Forwarded-For` names, when the peer is one of `proxies`.
    static func forwardedClient(_ headers: HTTPFields, remoteAddress: SocketAddress?, proxies: TrustedProxies) -> String? {
        let forwarded = headers[values: forwardedFor]
        guard !forwarded.isEmpty, let peer = remoteAddress?.ipAddress else { return nil }
        return proxies.client(peer: peer, forwardedFor: forwarded)
    }
}
