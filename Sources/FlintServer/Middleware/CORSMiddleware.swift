import FlintCore
import FlintEngine
import Hummingbird

/// Cross-origin access to the ingestion API (`/v1/...`) for origins that a publishable key allows.
///
/// Preflight requests carry no credentials, so they are answered for any origin some active
/// publishable key allows; the actual request is then checked against its own key's origins.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: IngestionKeyService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1/"), let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowed = keys.isOriginAllowedByAnyKey(origin)
        if request.method == .options {
            guard allowed else {
                return FlintError(.originNotAllowed, "No publishable ingestion key allows origin \(origin.prefix(200))").response()
            }
            var headers = corsHeaders(origin: origin)
            headers[.accessControlAllowMethods] = "POST, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Content-Encoding"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            for field in corsHeaders(origin: origin) { response.headers[field.name] = field.value }
            response.headers[.accessControlExposeHeaders] = "Retry-After"
        }
        return response
    }

    private func corsHeaders(origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }
}
