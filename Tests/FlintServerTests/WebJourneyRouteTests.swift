import FlintCore
import FlintServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web UI journey routes")
struct WebJourneyRouteTests {
    static func readyTrigger(_ client: any TestClientProtocol) async throws {
        let key = try await client.setUpTriggerAndKey()
        #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
        #expect(try await client.send(.post, "/api/v1/triggers/wifi_signup/ready").status == .ok)
    }

    @Test func theBuildersJourneyIsCheckedByTheAPIsParserAndComesBackWithItsProblems() async throws {
        try await WebUIRouteTests.flint().run { client in
            try await Self.readyTrigger(client)
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            let form = try await browser.get("/journeys/new")
            #expect(form.text.contains("data-schema=\"") && form.text.contains("&quot;greaterThan&quot;"))
            let token = WebBrowser.csrf(in: form)
            // A number operator on a text attribute is refused, and the journey comes back as submitted.
            let wrong: JSONValue = [
                "name": "Lobby welcome", "trigger": "wifi_signup",
                "steps": [["id": "pause", "type": "wait", "duration": "P1D"]],
                "entryCondition": ["attribute": "trigger.location", "op": "greaterThan", "value": 3],
            ]
            let refused = try await browser.post("/journeys/new", [("definition", wrong.serialized())], csrf: token)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("entryCondition") && refused.text.contains("Lobby welcome"))
            var right = wrong.objectValue!
            right["entryCondition"] = ["attribute": "trigger.location", "op": "equals", "value": "lobby"]
            let saved = try await browser.post("/journeys/new", [("definition", JSONValue.object(right).serialized())], csrf: token)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            let page = try await browser.get(location)
            #expect(page.text.contains("journey-diagram") && page.text.contains("Publish"))
            let publish = try await browser.post(location + "/publish", [], csrf: WebBrowser.csrf(in: page))
            #expect(publish.status == .seeOther)
            let id = String(location.split(separator: "/").last!)
            #expect(try await client.send(.get, "/api/v1/journeys/\(id)").json["status"]?.stringValue == "live")
        }
    }

    @Test func aDeveloperCannotOpenTheBuilder() async throws {
        try await WebUIRouteTests.flint().run { client in
            try await WebUIRouteTests.addUser(client, email: "dev@example.com", role: "developer")
            let developer = WebBrowser(client)
            try await developer.signIn("dev@example.com", password: WebUIRouteTests.password)
            #expect(try await developer.get("/journeys/new").status == .forbidden)
            #expect(try await developer.get("/journeys").status == .ok)
        }
    }
}
