import FlintCore
import Hummingbird
import Logging
import NIOCore

/// Turns every error into the JSON error shape of API.md, so no client sees a stack trace or SQL.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Tells an unknown path (404) from a known path with another method (405).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return notRouted(request)
        } catch {
            return FlintError.answering(error, path: request.uri.path, logger: context.logger).response()
        }
    }

    private func notRouted(_ request: Request) -> Response {
        let path = request.uri.path
        let allowed = routes.methods(matching: path)
        guard !allowed.isEmpty else {
            return FlintError(.routeNotFound, "No route for \(request.method) \(path.prefix(200))").response()
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var response = FlintError(.methodNotAllowed, "\(path.prefix(200)) answers \(list), not \(request.method.rawValue.prefix(20))").response()
        response.headers[.allow] = list
        return response
    }
}
