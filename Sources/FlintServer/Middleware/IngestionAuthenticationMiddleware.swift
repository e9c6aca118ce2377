import FlintCore
import FlintEngine
import Hummingbird

/// Authenticates ingestion requests by their key, origin and rate limit.
struct IngestionAuthenticationMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let keys: IngestionKeyService
    let metrics: IngestionMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key: IngestionKey
        do {
            key = try await keys.authenticateReadingThrough(token: request.headers.bearerToken, origin: request.headers[.origin])
        } catch {
            if let error = error as? FlintError { metrics.recordRejected(error.code) }
            throw error
        }
        var context = context
        context.ingestionKey = key
        return try await next(request, context)
    }
}
