import FlintCore
import FlintServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web UI developer links")
struct WebDeveloperLinkRouteTests {
    /// The token in the link a trigger page just showed.
    static func token(in page: TestResponse) throws -> String {
        let text = page.text
        let start = try #require(text.range(of: "/d/"))
        return String(text[start.upperBound...].prefix { $0.isLetter || $0.isNumber })
    }

    @Test func aLinkShowsOneTriggerWithoutAnAccountUntilItExpires() async throws {
        let flint = WebUIRouteTests.flint()
        try await flint.run { client in
            _ = try await client.setUpTriggerAndKey()
            let marketer = WebBrowser(client)
            try await marketer.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await marketer.get("/triggers/wifi_signup")
            let made = try await marketer.post("/triggers/wifi_signup/links", [("days", "1")], csrf: WebBrowser.csrf(in: page))
            #expect(made.status == .created && made.text.contains("id=\"developer-link\""))
            let token = try Self.token(in: made)
            #expect(token.count == 43)

            let stranger = WebBrowser(client)
            let shared = try await stranger.get("/d/\(token)")
            #expect(shared.status == .ok && shared.text.contains("Wi-Fi sign-up") && shared.text.contains("role=\"tab\""))
            #expect(!shared.text.contains("Sign out") && !shared.text.contains("Delete trigger") && !shared.text.contains("_csrf"))
            #expect(try await stranger.get("/d/\(token)/live").json["status"]?.stringValue == "awaitingIntegration")
            #expect(try await stranger.get("/d/\(token)/snippets/python").status == .ok)
            // The link opens nothing else.
            #expect(try await stranger.get("/triggers/wifi_signup").headers[.location] == "/sign-in")
            let altered = token.dropLast() + (token.last == "x" ? "y" : "x")
            #expect(try await stranger.get("/d/\(altered)").status == .notFound)

            flint.clock.advance(by: 86_401)
            let expired = try await stranger.get("/d/\(token)")
            #expect(expired.status == .notFound && !expired.text.contains("Wi-Fi sign-up") && !expired.text.contains("role=\"tab\""))
            #expect(try await stranger.get("/d/\(token)/live").status == .notFound)
        }
    }

    @Test func aRevokedLinkShowsNothing() async throws {
        try await WebUIRouteTests.flint().run { client in
            _ = try await client.setUpTriggerAndKey()
            let marketer = WebBrowser(client)
            try await marketer.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await marketer.get("/triggers/wifi_signup")
            let made = try await marketer.post("/triggers/wifi_signup/links", [("days", "7")], csrf: WebBrowser.csrf(in: page))
            let token = try Self.token(in: made)
            let listed = try await marketer.get("/triggers/wifi_signup")
            let id = try #require(listed.text.range(of: "/links/dvl_").map { range in
                "dvl_" + listed.text[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
            })
            #expect(try await marketer.post("/triggers/wifi_signup/links/\(id)/revoke", [], csrf: WebBrowser.csrf(in: listed)).status == .seeOther)
            #expect(try await WebBrowser(client).get("/d/\(token)").status == .notFound)
        }
    }
}
