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
        guard isManagementPath(request.head.path) else { return try await next(request, context) }
        guard let token = request.headers.bearerToken, authenticator.isValid(token) else {
            throw FlintError(.unauthorized, "Send the admin token as Authorization: Bearer <token>")
        }
        var context = context
        context.isAdmin = true
        return try await next(request, context)
    }

    /// Whether the request target is `pathPrefix`, or below it (`/api/v1`, `/api/v1/…`, `/api/v1?…`).
    /// Compared on the raw target's bytes: this runs for every request, ingestion included.
    private func isManagementPath(_ target: String?) -> Bool {
        guard let target else { return false }
        let utf8 = target.utf8
        guard utf8.starts(with: pathPrefix.utf8) else { return false }
        guard let next = utf8.dropFirst(pathPrefix.utf8.count).first else { return true }
        return next == UInt8(ascii: "/") || next == UInt8(ascii: "?")
    }
}
