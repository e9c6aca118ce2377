/// The frame of every page: the document head, the navigation for the signed-in user, and the body.
///
/// Pages carry no inline script or style (the Content-Security-Policy forbids both): behaviour comes
/// from `/assets/flint.js`, looks from `/assets/flint.css`.
public enum Layout {
    /// Who is signed in, for the navigation and the sign-out form.
    public struct Viewer: Sendable, Equatable {
        public var email: String
        public var roleTitle: String
        public var csrfToken: String
        public var isAdmin: Bool
        /// Marketers and admins; developers see neither customers nor keys and users.
        public var mayEdit: Bool

        public init(email: String, roleTitle: String, csrfToken: String, isAdmin: Bool = false, mayEdit: Bool = false) {
            self.email = email
            self.roleTitle = roleTitle
            self.csrfToken = csrfToken
            self.isAdmin = isAdmin
            self.mayEdit = mayEdit || isAdmin
        }
    }

    /// The sections of the navigation.
    public enum Section: String, Sendable, CaseIterable {
        case triggers, journeys, customers, keys, users

        var title: String {
            switch self {
            case .triggers: "Triggers"
            case .journeys: "Journeys"
            case .customers: "Customers"
            case .keys: "Ingestion keys"
            case .users: "Users"
            }
        }

        /// Keys and users are an admin's.
        var isAdministrative: Bool { self == .keys || self == .users }
    }

    public static func page(title: String, viewer: Viewer?, section: Section? = nil, body: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Flint</title>
        <link rel="stylesheet" href="/assets/flint.css">
        <script src="/assets/flint.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
        <a class="brand" href="/">Flint</a>
        \(navigation(viewer: viewer, section: section))
        </header>
        <main id="main">
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// A hidden field carrying the session's CSRF token; every state-changing form has one.
    public static func csrfField(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">"
    }

    private static func navigation(viewer: Viewer?, section: Section?) -> HTML {
        guard let viewer else { return .empty }
        let links = Section.allCases.filter { section in
            section.isAdministrative ? viewer.isAdmin : section != .customers || viewer.mayEdit
        }.map { item -> HTML in
            let current: HTML = item == section ? " aria-current=\"page\"" : ""
            return "<li><a href=\"/\(item.rawValue)\"\(current)>\(item.title)</a></li>"
        }
        return """
            <nav aria-label="Main"><ul>\(links)</ul></nav>
            <form class="signout" method="post" action="/sign-out">\(csrfField(viewer.csrfToken))
            <span class="who">\(viewer.email) · \(viewer.roleTitle)</span>
            <button type="submit" class="link">Sign out</button>
            </form>
            """
    }
}
