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
    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    /// Parsed by hand on UTF-8: it runs for every ingestion request.
    var bearerToken: String? {
        guard let value = self[.authorization] else { return nil }
        let utf8 = value.utf8
        let scheme = "bearer".utf8
        guard utf8.count > scheme.count + 1,
            zip(utf8.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        let rest = utf8.dropFirst(scheme.count)
        guard rest.first == UInt8(ascii: " ") else { return nil }
        let token = rest.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != UInt8(ascii: " ") }
        return token.isEmpty ? nil : String(Substring(token))
    }
}
