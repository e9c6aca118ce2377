import FlintCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What every request meets before its handler: authentication before routing, strict credentials,
/// and path parameters decoded once.
@Suite("The edge")
struct EdgeRouteTests {
    @Test func unauthenticatedManagementPathsAnswer401WhetherTheyExistOrNot() async throws {
        try await TestFlint().run { client in
            for path in ["/api/v1/triggers", "/api/v1/nope", "/api/v1/triggers/x/nope/deeper", "/api/v1"] {
                let response = try await client.send(.get, path, token: nil)
                #expect(response.status == .unauthorized, "\(path)")
                #expect(response.errorCode == "unauthorized")
            }
            let wrong = try await client.send(.get, "/api/v1/nope", token: "wrong-token")
            #expect(wrong.status == .unauthorized)
            // Paths that only start with the prefix's letters are not management paths.
            #expect(try await client.send(.get, "/api/v1x", token: nil).status == .notFound)
        }
    }

    @Test func bearerCredentialsAreParsedStrictly() async throws {
        try await TestFlint().run { client in
            let token = TestFlint.adminToken
            // (Whitespace around the whole value is not part of it in HTTP, so `Bearer token ` is the same header.)
            let refused = [
                "Bearer  \(token)", "Bearer \(token) extra", "Bearer\t\(token)", "Bearer \(token)\tx", "Bearer", "Bearer ",
                "Basic \(token)", "Bearer \(token),", "Bearer =\(token)", "Bearer \(token)=x", "Bearer tok\u{e9}n",
            ]
            for header in refused {
                let response = try await client.send(.get, "/api/v1/triggers", token: nil, headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header.debugDescription) must be refused")
            }
            for header in ["Bearer \(token)", "bearer \(token)", "BEARER \(token)"] {
                let response = try await client.send(.get, "/api/v1/triggers", token: nil, headers: [.authorization: header])
                #expect(response.status == .ok, "\(header.debugDescription) must be accepted")
            }
        }
    }

    @Test func pathParametersArePercentDecodedOnce() async throws {
        try await TestFlint().run { client in
            #expect(try await client.send(.post, "/api/v1/triggers", json: wifiTrigger).status == .created)
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi%5Fsignup")
            #expect(trigger.status == .ok)
            #expect(trigger.json["name"]?.stringValue == "wifi_signup")

            let put = try await client.send(.put, "/api/v1/contacts/jos%C3%A9%40probe.example", json: ["email": "jose@probe.example"])
            #expect(put.status == .created)
            #expect(put.json["id"]?.stringValue == "josé@probe.example")
            let got = try await client.send(.get, "/api/v1/contacts/jos%C3%A9%40probe.example")
            #expect(got.json["id"]?.stringValue == "josé@probe.example")

            // An id holding a slash is one encoded segment; decoding twice would turn %252F into a slash.
            #expect(try await client.send(.put, "/api/v1/contacts/order%2F7", json: [:]).json["id"]?.stringValue == "order/7")
            #expect(try await client.send(.put, "/api/v1/contacts/a%252Fb", json: [:]).json["id"]?.stringValue == "a%2Fb")

            let malformed = try await client.send(.get, "/api/v1/contacts/bad%ZZ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "invalid_request")
        }
    }

    @Test func newIdsComeFromTheSourceTheCompositionRootIsGiven() async throws {
        var flint = TestFlint()
        flint.ids = SequentialIdentifiers()
        try await flint.run { client in
            let key = try await client.setUpTriggerAndKey()
            let keys = try await client.send(.get, "/api/v1/ingestion-keys")
            #expect(keys.json["keys"]?.arrayValue?.first?["id"]?.stringValue == "key_1")
            let event = try await client.send(.post, "/v1/events", json: validEvent(), token: key)
            #expect(event.json["messageId"]?.stringValue == "message-2")
            let journey = try await client.send(.post, "/api/v1/journeys", json: [
                "name": "Pause", "trigger": "wifi_signup", "steps": [["id": "pause", "type": "wait", "duration": "P1D"]],
            ])
            #expect(journey.json["id"]?.stringValue == "jrn_3")
        }
    }
}
