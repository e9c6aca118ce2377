import FlintCore
import FlintEngine
import Hummingbird

/// Authenticates the router's ingestion requests through the ``IngestionAdmission``: key, origin, rate limits.
struct IngestionAuthenticationMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let admission: IngestionAdmission

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = try await admission.admit(
            request.headers, remoteAddress: context.remoteAddress, forwardedClient: context.forwardedClient, logger: context.logger)
        var context = context
        context.ingestionKey = key
        return try await next(request, context)
    }
}
