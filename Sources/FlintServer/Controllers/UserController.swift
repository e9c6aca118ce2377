import FlintCore
import FlintEngine
import Hummingbird

/// The web UI's users under `/api/v1/users`, for the admin token (the users page comes later).
struct UserController {
    let users: UserService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.post(use: create)
        group.get(use: list)
    }

    /// `{"email", "password", "role": "admin" | "marketer" | "developer"}` → 201 with the user (never its hash).
    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.jsonBody(limit: 16 * 1024)
        guard let email = body["email"]?.stringValue, let password = body["password"]?.stringValue else {
            throw FlintError(
                .validationFailed, "A user needs an email and a password",
                details: [Problem(field: "email", problem: "required"), Problem(field: "password", problem: "required")])
        }
        let roleName = body["role"]?.stringValue ?? "marketer"
        guard let role = User.Role(rawValue: roleName) else {
            throw FlintError(
                .validationFailed, "Unknown role", details: [Problem(field: "role", problem: "must be admin, marketer or developer")])
        }
        return .json(try await users.createUser(email: email, password: password, role: role).json, status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(["users": .array(try await users.users().map(\.json))], status: .ok)
    }
}
