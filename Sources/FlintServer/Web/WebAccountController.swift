import FlintCore
import FlintEngine
import FlintWeb
import Foundation
import HTTPTypes
import Hummingbird

/// The web UI's doors: `/` itself, the one-time setup, sign-in and sign-out, and the static assets.
struct WebAccountController {
    let users: UserService
    let assets: WebAssets
    /// Whether Flint is reached over HTTPS (`FLINT_PUBLIC_URL`), so cookies are `Secure`.
    let publicURL: String?

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("/", use: home)
        router.get("setup", use: setupForm)
        router.post("setup", use: setUp)
        router.get("sign-in", use: signInForm)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
        router.get("assets/:file", use: asset)
    }

    @Sendable func home(_ request: Request, context: FlintRequestContext) async throws -> Response {
        if context.webUser != nil { return WebResponse.redirect(to: "/triggers") }
        return WebResponse.redirect(to: try await users.needsSetup() ? "/setup" : "/sign-in")
    }

    @Sendable func setupForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        guard try await users.needsSetup() else { return WebResponse.redirect(to: "/sign-in") }
        return withFormToken(request) { SignInPage.setup(formToken: $0) }
    }

    @Sendable func setUp(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let form = try await WebForm.readAnonymous(request)
        let email = form["email"] ?? ""
        let password = form.raw("password") ?? ""
        do {
            _ = try await users.setUp(email: email, password: password)
        } catch let error as FlintError where error.code == .validationFailed {
            let errors = error.formErrors()
            return withFormToken(request, status: .badRequest) { SignInPage.setup(email: email, errors: errors, formToken: $0) }
        }
        return try await startSession(email: email, password: password, request: request, context: context)
    }

    @Sendable func signInForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        if context.webUser != nil { return WebResponse.redirect(to: "/triggers") }
        if try await users.needsSetup() { return WebResponse.redirect(to: "/setup") }
        return withFormToken(request) { SignInPage.signIn(formToken: $0) }
    }

    @Sendable func signIn(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let form = try await WebForm.readAnonymous(request)
        let email = form["email"] ?? ""
        let password = form.raw("password") ?? ""
        do {
            return try await startSession(email: email, password: password, request: request, context: context)
        } catch let error as FlintError where error.code == .unauthorized || error.code == .rateLimited {
            var response = withFormToken(request, status: error.status) { SignInPage.signIn(email: email, error: error.message, formToken: $0) }
            if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        _ = try await WebForm.read(request, signedIn: signedIn)
        if let token = request.cookies[WebUIMiddleware.sessionCookie]?.value { try await users.signOut(token: token) }
        var response = WebResponse.redirect(to: "/sign-in")
        response.setCookie(cookie(WebUIMiddleware.sessionCookie, "", request: request, maxAge: 0))
        return response
    }

    @Sendable func asset(_ request: Request, context: FlintRequestContext) async throws -> Response {
        guard let asset = assets.asset(named: try context.parameters.require("file")) else { throw FlintError.notFound("Asset") }
        return Response(
            status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    private func startSession(email: String, password: String, request: Request, context: FlintRequestContext) async throws -> Response {
        let (token, _, _) = try await users.signIn(email: email, password: password, client: Self.client(context))
        var response = WebResponse.redirect(to: "/triggers")
        response.setCookie(cookie(WebUIMiddleware.sessionCookie, token, request: request, maxAge: Int(UserService.sessionLifetime / 1000)))
        response.setCookie(cookie(WebForm.formCookie, "", request: request, maxAge: 0))
        return response
    }

    /// An anonymous form's page with a fresh token in both its hidden field and the `flint_form` cookie.
    private func withFormToken(_ request: Request, status: HTTPResponse.Status = .ok, _ page: (String) -> HTML) -> Response {
        var generator = SystemRandomNumberGenerator()
        let token = KeyFormat.randomString(length: 32, using: &generator)
        var response = WebResponse.html(page(token), status: status)
        response.setCookie(cookie(WebForm.formCookie, token, request: request, maxAge: 3600))
        return response
    }

    /// HTTP-only, `SameSite=Lax` (a link from elsewhere still arrives signed in; a cross-site POST does
    /// not carry it), and `Secure` whenever Flint is reached over HTTPS.
    private func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> Cookie {
        let secure = publicURL?.lowercased().hasPrefix("https://") == true || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The client's address (through trusted proxies), for login throttling.
    static func client(_ context: FlintRequestContext) -> String {
        context.clientAddress
    }
}
