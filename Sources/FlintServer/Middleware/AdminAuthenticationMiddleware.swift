import FlintCore
import FlintEngine
import Foundation
import Hummingbird

/// Checks `Authorization: Bearer <admin token>` on every path under `pathPrefix`, before routing, so
/// that without the token a path that exists and one that does not answer the same 401.
struct AdminAuthenticationMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let authenticator: AdminAuthenticator
    let pathPrefix: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(pathPrefix), path.utf8.count == pathPrefix.utf8.count || path.dropFirst(pathPrefix.count).first == "/" else {
            return try await next(request, context)
        }
        guard let token = request.headers.bearerToken, authenticator.isValid(token) else {
            throw FlintError(.unauthorized, "Send the admin token as Authorization: Bearer <token>")
        }
        var context = context
        context.isAdmin = true
        return try await next(request, context)
    }
}
