import FlintCore
import FlintWeb
import Hummingbird

/// Responses of the web UI.
enum WebResponse {
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page.markup)))
    }

    /// `303 See Other`: after a form, the browser loads `location` with GET.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

/// Thrown by a page handler to send the browser elsewhere (to sign in, or to the setup form).
struct WebRedirect: Error {
    var location: String
}

/// What a page handler needs about the browser: who is signed in, in which session.
struct SignedIn {
    var user: User
    var session: WebSession

    var viewer: Layout.Viewer {
        Self.viewer(user, session)
    }

    static func viewer(_ user: User, _ session: WebSession) -> Layout.Viewer {
        Layout.Viewer(
            email: user.email, roleTitle: user.role.title, csrfToken: session.csrfToken, isAdmin: user.role.mayAdminister,
            mayEdit: user.role.mayEdit)
    }

    /// Signed in, or off to the sign-in page.
    init(_ context: FlintRequestContext) throws {
        guard let user = context.webUser, let session = context.webSession else { throw WebRedirect(location: "/sign-in") }
        self.user = user
        self.session = session
    }

    /// Refuses everyone but admins.
    func requireAdmin(_ what: String) throws {
        guard user.role.mayAdminister else { throw FlintError(.forbidden, "Only admins manage \(what)") }
    }

    /// Refuses a role that may not change things.
    func requireEditor() throws {
        guard user.role.mayEdit else { throw FlintError(.forbidden, "Your role (\(user.role.title)) may look but not change things") }
    }
}
