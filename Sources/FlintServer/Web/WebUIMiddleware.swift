import FlintCore
import FlintEngine
import FlintWeb
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// In front of the web UI's paths: finds the signed-in user from the session cookie, renders every
/// error as an HTML page (the API keeps its JSON shape), and sets the security headers of every page,
/// a strict Content-Security-Policy without inline script or style first among them.
public struct WebUIMiddleware: RouterMiddleware {
    public typealias Context = FlintRequestContext
    static let sessionCookie = "flint_session"
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]
    /// The first path segments the UI owns.
    static let sections: Set<Substring> = ["", "setup", "sign-in", "sign-out", "triggers", "journeys", "customers", "keys", "users", "assets", "d"]

    let users: UserService

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.handles(request) else { return try await next(request, context) }
        var context = context
        var response: Response
        do {
            if let token = request.cookies[Self.sessionCookie]?.value, let (session, user) = try await users.session(token: token) {
                context.webSession = session
                context.webUser = user
            }
            response = try await next(request, context)
        } catch let redirect as WebRedirect {
            response = WebResponse.redirect(to: redirect.location)
        } catch let error as FlintError {
            response = page(for: error, context: context)
        } catch is NIOTooManyBytesError {
            response = page(for: FlintError(.payloadTooLarge, "The form is too large to send."), context: context)
        } catch let error as HTTPError where error.status == .notFound {
            response = page(for: FlintError(.notFound, "There is no page at this address."), context: context)
        } catch {
            if let unavailable = FlintError.unavailable(from: error) {
                response = page(for: unavailable, context: context)
            } else {
                // A developer link's path is its credential: it is not logged.
                let path = request.uri.path.hasPrefix("/d/") ? "/d/…" : String(request.uri.path.prefix(200))
                context.logger.error("web page failed", metadata: ["error": "\(error)", "path": "\(path)"])
                response = page(for: FlintError(.internalError, "Flint could not show this page; the error is in the server log."), context: context)
            }
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        return response
    }

    /// The UI's own paths, and any other path a browser asks a page of (an unknown address then
    /// answers an HTML 404); API clients keep the JSON shape everywhere under `/api` and `/v1`.
    static func handles(_ request: Request) -> Bool {
        // Ingestion and the API first, on the raw target's bytes (no URI parsing): this runs for every request.
        guard let target = request.head.path?.utf8 else { return false }
        for prefix in ["/v1/", "/api/", "/t/", "/u/"] where target.starts(with: prefix.utf8) { return false }
        // The public tracking and unsubscribe routes (`/t/`, `/u/`) answer on their own terms as well.
        let path = request.uri.path
        if path == "/api" || path == "/v1" { return false }
        return isWebPath(path) || request.headers[.accept]?.contains("text/html") == true
    }

    /// Whether the web UI owns `path` (its pages are not part of the API and its OpenAPI document).
    public static func isWebPath(_ path: String) -> Bool {
        let first = path.utf8.first == UInt8(ascii: "/") ? path.dropFirst().prefix { $0 != "/" } : Substring(path)
        return sections.contains(first)
    }

    private func page(for error: FlintError, context: Context) -> Response {
        let viewer = context.webUser.flatMap { user in context.webSession.map { SignedIn.viewer(user, $0) } }
        let title =
            switch error.code {
            case .notFound, .routeNotFound: "Not found"
            case .forbidden: "Not allowed"
            case .rateLimited: "Slow down"
            case .unavailable: "Unavailable"
            case .internalError: "Something went wrong"
            default: "That did not work"
            }
        var response = WebResponse.html(
            MessagePage.render(title: title, message: error.message, status: Int(error.status.code), viewer: viewer), status: error.status)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
