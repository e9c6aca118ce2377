import FlintCore
import FlintEngine
import Hummingbird

/// Authenticates ingestion requests through the ``IngestionGate``: key, origin, rate limits.
struct IngestionAuthenticationMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let gate: IngestionGate
    let metrics: IngestionMetrics
    let proxyWarning: UntrustedProxyWarning

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key: IngestionKey
        do {
            key = try await gate.admit(token: request.headers.bearerToken, origin: request.headers[.origin], client: context.clientAddress)
        } catch {
            if let error = error as? FlintError {
                metrics.recordRejected(error.code)
                if error.code == .rateLimited, context.forwardedClient == nil, request.headers[ClientAddressMiddleware.forwardedFor] != nil {
                    proxyWarning.refused(peer: context.clientAddress, logger: context.logger)
                }
            }
            throw error
        }
        var context = context
        context.ingestionKey = key
        return try await next(request, context)
    }
}
