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
        } catch let error as FlintError {
            return error.response()
        } catch is NIOTooManyBytesError {
            return FlintError(.payloadTooLarge, "The body is too large").response()
        } catch let error as HTTPError where error.status == .notFound {
            return notRouted(request)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return FlintError(.invalidRequest, error.status.reasonPhrase).response()
        } catch {
            if let unavailable = FlintError.unavailable(from: error) {
                context.logger.warning("the database cannot be reached", metadata: ["error": "\(error)"])
                return unavailable.response()
            }
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return FlintError(.internalError, "Flint could not handle the request; the error is in the server log").response()
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
