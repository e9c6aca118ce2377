import FlintCore
import FlintEngine
import Foundation
import Hummingbird

/// Checks `Authorization: Bearer <admin token>` on the management API.
struct AdminAuthenticationMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let authenticator: AdminAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.headers.bearerToken, authenticator.isValid(token) else {
            throw FlintError(.unauthorized, "Send the admin token as Authorization: Bearer <token>")
        }
        var context = context
        context.isAdmin = true
        return try await next(request, context)
    }
}

extension HTTPFields {
    /// The token of an `Authorization: Bearer <token>` header.
    var bearerToken: String? {
        guard let value = self[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
