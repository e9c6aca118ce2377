import FlintCore
import FlintServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The web UI against hostile input: huge page numbers, ids that look like paths, guessing, and roles.
@Suite("Web UI hardening")
struct WebHardeningRouteTests {
    @Test func aHugePageNumberIsClampedNotACrash() async throws {
        try await WebUIRouteTests.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            for page in ["9223372036854775807", "-5", "x"] {
                #expect(try await browser.get("/triggers?page=\(page)").status == .ok)
                #expect(try await browser.get("/journeys?page=\(page)").status == .ok)
            }
        }
    }

    /// A customer id from a sender can hold `/`, `?` and `..`: the consent form names it in a field, so
    /// saving consent can never be turned into a post to another page.
    @Test func consentIsSavedForACustomerWhoseIdLooksLikeAPath() async throws {
        try await WebUIRouteTests.flint().run { client in
            let id = "../../triggers/wifi_signup/delete?"
            #expect(try await client.send(.post, "/api/v1/triggers", json: wifiTrigger).status == .created)
            let put = try await client.send(
                .put, "/api/v1/contacts/" + id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                json: ["email": "ann@example.com", "consent": ["email": ["commercial": true, "transactional": true]]])
            #expect(put.status == .created)
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await browser.get("/customers?type=contact&id=" + id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(page.text.contains("action=\"/customers/consent\"") && !page.text.contains("action=\"/customers/../"))
            let saved = try await browser.post(
                "/customers/consent", [("type", "contact"), ("id", id), ("email.transactional", "on")], csrf: WebBrowser.csrf(in: page))
            #expect(saved.status == .ok && saved.text.contains("Consent saved."))
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").status == .ok)
        }
    }

    @Test func parallelGuessesAreThrottledButOtherAccountsStillSignIn() async throws {
        try await WebUIRouteTests.flint().run { client in
            try await WebUIRouteTests.addUser(client, email: "bob@example.com", role: "marketer")
            let guesser = WebBrowser(client)
            let form = try await guesser.get("/sign-in")
            let token = WebBrowser.csrf(in: form)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<8 {
                    group.addTask {
                        try await guesser.post("/sign-in", [("email", "ann@example.com"), ("password", "guess number \(attempt)")], csrf: token).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 3)
            // Router tests have no peer address, so every browser here is one client: that account is held
            // from this client, while the client's own bucket (ten times larger) lets another account in.
            // LoginThrottleTests shows the same account signing in from another client.
            let other = WebBrowser(client)
            try await other.signIn("bob@example.com", password: WebUIRouteTests.password)
        }
    }

    @Test func developersSeeNoCustomerDataAndPollsAfterSignOutAnswer401() async throws {
        try await WebUIRouteTests.flint().run { client in
            #expect(try await client.send(.post, "/api/v1/triggers", json: wifiTrigger).status == .created)
            try await WebUIRouteTests.addUser(client, email: "dev@example.com", role: "developer")
            let developer = WebBrowser(client)
            try await developer.signIn("dev@example.com", password: WebUIRouteTests.password)
            #expect(try await developer.get("/customers").status == .forbidden)
            #expect(!(try await developer.get("/triggers").text.contains("href=\"/customers\"")))
            #expect(try await WebBrowser(client).get("/triggers/wifi_signup/live").status == .unauthorized)
        }
    }

    /// The public unsubscribe and tracking routes keep their own pages when a browser opens them: the
    /// UI's policy (no inline style) would break the unsubscribe page's look.
    @Test func publicRoutesStayOutsideTheUI() async throws {
        try await WebUIRouteTests.flint().run { client in
            for path in ["/u/not-a-token", "/t/o/not-a-token.gif"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"], body: nil)
                let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(!policy.contains("script-src 'self'"), "\(path) got the UI's policy")
            }
            let page = try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html"], body: nil)
            #expect(page.status == .notFound && page.headers[HTTPField.Name("Content-Security-Policy")!] != nil)
        }
    }

    @Test func anOversizedFormAnswers413() async throws {
        try await WebUIRouteTests.flint().run { client in
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await browser.get("/triggers/new")
            let huge = try await browser.post("/triggers/new", [("title", String(repeating: "x", count: 300 * 1024))], csrf: WebBrowser.csrf(in: page))
            #expect(huge.status == .contentTooLarge && huge.text.contains("too large"))
        }
    }
}
