import FlintCore
import FlintServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web UI routes")
struct WebUIRouteTests {
    static let password = "correct horse battery"

    /// A Flint with its first admin configured (bcrypt at its cheapest, to keep tests fast).
    static func flint(admin: Bool = true) -> TestFlint {
        var flint = TestFlint()
        flint.configuration.passwordHashCost = 4
        if admin {
            flint.configuration.firstAdminEmail = "ann@example.com"
            flint.configuration.firstAdminPassword = password
        }
        return flint
    }

    @Test func theFirstVisitOffersSetupOnceAndItSignsTheAdminIn() async throws {
        try await Self.flint(admin: false).run { client in
            let browser = WebBrowser(client)
            #expect(try await browser.get("/").headers[.location] == "/setup")
            let form = try await browser.get("/setup")
            #expect(form.status == .ok)
            let token = try #require(WebBrowser.csrf(in: form))
            let short = try await browser.post("/setup", [("email", "ann@example.com"), ("password", "short")], csrf: token)
            #expect(short.status == .badRequest)
            #expect(short.text.contains("Use at least 10 characters") && short.text.contains("value=\"ann@example.com\""))
            let retry = try #require(WebBrowser.csrf(in: short))
            let done = try await browser.post("/setup", [("email", "ann@example.com"), ("password", Self.password)], csrf: retry)
            #expect(done.status == .seeOther && done.headers[.location] == "/triggers")
            #expect(try await browser.get("/triggers").text.contains("<h1>Triggers</h1>"))
            // Once anyone exists, the setup form is gone.
            #expect(try await WebBrowser(client).get("/setup").headers[.location] == "/sign-in")
        }
    }

    @Test func aWrongPasswordIsRefusedAndPagesNeedASession() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            #expect(try await browser.get("/triggers").headers[.location] == "/sign-in")
            let form = try await browser.get("/sign-in")
            let refused = try await browser.post(
                "/sign-in", [("email", "ann@example.com"), ("password", "not the password")], csrf: WebBrowser.csrf(in: form))
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("The email or the password is wrong"))
            #expect(browser.cookies["flint_session"] == nil)
            try await browser.signIn("ann@example.com", password: Self.password)
            #expect(try await browser.get("/triggers").status == .ok)
        }
    }

    @Test func signInFormsWithoutTheirTokenAreRefused() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            let response = try await browser.post("/sign-in", [("email", "ann@example.com"), ("password", Self.password)], csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(browser.cookies["flint_session"] == nil)
        }
    }

    @Test func pagesCarryAStrictContentSecurityPolicy() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: Self.password)
            for path in ["/triggers", "/triggers/new", "/triggers/email_opened", "/sign-in", "/no-such-page"] {
                let response = try await browser.get(path)
                let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(!response.text.contains("<script>") && !response.text.contains(" style=\""))
            }
        }
    }

    @Test func creatingATriggerThroughTheFormNeedsTheSessionsToken() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: Self.password)
            let fields = [
                ("kind", "custom"), ("title", "Wi-Fi sign-up"), ("name", "wifi_signup"), ("customerType", "contact"),
                ("attributeName", "location"), ("attributeType", "text"), ("attributeEntity", ""),
                ("attributeName", "amount"), ("attributeType", "number"), ("attributeEntity", ""),
            ]
            let forged = try await browser.post("/triggers/new", fields, csrf: "not-the-token")
            #expect(forged.status == .forbidden)
            let signedOut = WebBrowser(client)
            #expect(try await signedOut.post("/triggers/new", fields, csrf: nil).headers[.location] == "/sign-in")
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").status == .notFound)

            let form = try await browser.get("/triggers/new")
            let created = try await browser.post("/triggers/new", fields, csrf: WebBrowser.csrf(in: form))
            #expect(created.status == .seeOther && created.headers[.location] == "/triggers/wifi_signup")
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["attributes"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["text", "number"])
            let page = try await browser.get("/triggers/wifi_signup")
            #expect(page.text.contains("Awaiting integration") && page.text.contains("role=\"tab\""))
            // Markup of Flint's own stays markup (a ternary of literals inside an interpolation would be escaped).
            #expect(page.text.contains(" tabindex=\"-1\"") && page.text.contains("<p>No journey uses this trigger yet.</p>"))
            #expect(!page.text.contains("&lt;p&gt;No journey") && !page.text.contains("&quot;-1&quot;"))
        }
    }

    @Test func aFormWithErrorsKeepsWhatWasTypedAndNamesTheField() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: Self.password)
            let form = try await browser.get("/triggers/new")
            let response = try await browser.post(
                "/triggers/new",
                [
                    ("kind", "custom"), ("title", "Loyalty joined"), ("name", "Not A Name!"), ("customerType", "contact"),
                    ("attributeName", "tier"), ("attributeType", "text"), ("attributeEntity", ""),
                ], csrf: WebBrowser.csrf(in: form))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("value=\"Loyalty joined\"") && response.text.contains("value=\"Not A Name!\""))
            #expect(response.text.contains("id=\"name-error\""))
            #expect(response.text.contains("value=\"tier\""))
        }
    }

    @Test func markupInATitleShowsAsText() async throws {
        try await Self.flint().run { client in
            var trigger = wifiTrigger.objectValue!
            trigger["title"] = "<img src=x onerror=alert(1)>"
            #expect(try await client.send(.post, "/api/v1/triggers", json: .object(trigger)).status == .created)
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: Self.password)
            for path in ["/triggers", "/triggers/wifi_signup"] {
                let page = try await browser.get(path).text
                #expect(!page.contains("<img src=x"))
                #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
            }
        }
    }

    @Test func aDeveloperReadsButCannotChange() async throws {
        try await Self.flint().run { client in
            #expect(try await client.send(.post, "/api/v1/triggers", json: wifiTrigger).status == .created)
            let developer = WebBrowser(client)
            try await WebUIRouteTests.addUser(client, email: "dev@example.com", role: "developer")
            try await developer.signIn("dev@example.com", password: Self.password)
            let page = try await developer.get("/triggers/wifi_signup")
            #expect(page.status == .ok && !page.text.contains("Delete trigger"))
            #expect(try await developer.get("/triggers/new").status == .forbidden)
            let refused = try await developer.post("/triggers/wifi_signup/delete", [], csrf: WebBrowser.csrf(in: page))
            #expect(refused.status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").status == .ok)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await Self.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: Self.password)
            let token = browser.cookies["flint_session"]
            let page = try await browser.get("/triggers")
            #expect(try await browser.post("/sign-out", [], csrf: WebBrowser.csrf(in: page)).headers[.location] == "/sign-in")
            // The old cookie, replayed from elsewhere, opens nothing: the session is gone from the store.
            let replay = try await client.execute(
                uri: "/triggers", method: .get, headers: [.accept: "text/html", .cookie: "flint_session=\(try #require(token))"], body: nil)
            #expect(replay.headers[.location] == "/sign-in")
            #expect(try await browser.get("/triggers").headers[.location] == "/sign-in")
        }
    }

    /// Users other than the first admin are made through the API until the users page exists.
    static func addUser(_ client: any TestClientProtocol, email: String, role: String) async throws {
        let response = try await client.send(
            .post, "/api/v1/users", json: ["email": .string(email), "password": .string(password), "role": .string(role)])
        #expect(response.status == .created)
    }
}
