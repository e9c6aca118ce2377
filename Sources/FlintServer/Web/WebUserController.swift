import FlintCore
import FlintEngine
import FlintWeb
import Hummingbird

/// `/users`, for admins: the users and a form to add one (bcrypt, through the same service as the API).
struct WebUserController {
    let users: UserService

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("users", use: list)
        router.post("users", use: create)
        router.post("users/:id/role", use: changeRole)
        router.post("users/:id/remove", use: remove)
    }

    @Sendable func changeRole(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireAdmin("users")
        let form = try await WebForm.read(request, signedIn: signedIn)
        guard let role = User.Role(rawValue: form["role"] ?? "") else { throw FlintError(.validationFailed, "Choose admin, marketer or developer") }
        try await users.setRole(role, forUser: try context.parameters.require("id"), by: signedIn.user)
        return WebResponse.redirect(to: "/users")
    }

    @Sendable func remove(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireAdmin("users")
        _ = try await WebForm.read(request, signedIn: signedIn)
        try await users.remove(userId: try context.parameters.require("id"), by: signedIn.user)
        return WebResponse.redirect(to: "/users")
    }

    @Sendable func list(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireAdmin("users")
        return WebResponse.html(UsersPage.render(users: try await users.users(), viewer: signedIn.viewer))
    }

    @Sendable func create(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireAdmin("users")
        let form = try await WebForm.read(request, signedIn: signedIn)
        let email = form["email"] ?? ""
        let password = form.raw("password") ?? ""
        let role = User.Role(rawValue: form["role"] ?? "") ?? .marketer
        do {
            let user = try await users.createUser(email: email, password: password, role: role)
            let page = UsersPage.render(users: try await users.users(), notice: "\(user.email) can now sign in as \(role.title).", viewer: signedIn.viewer)
            return WebResponse.html(page, status: .created)
        } catch let error as FlintError where error.status.code < 500 {
            var errors = error.formErrors()
            if error.code == .userExists { errors["email"] = error.message }
            let page = UsersPage.render(users: try await users.users(), errors: errors, typedEmail: email, viewer: signedIn.viewer)
            return WebResponse.html(page, status: error.status)
        }
    }
}
