import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("POST /v1/events")
struct IngestionRouteTests {
    @Test func acceptsAValidEventAndVerifiesTheTrigger() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(messageId: "m-1"), token: key)
            #expect(response.status == .accepted)
            #expect(response.json == ["status": "accepted", "messageId": "m-1"])

            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["status"] == "integrationVerified")
            #expect(trigger["eventCount"] == 1)
            #expect(trigger["verifiedAt"]?.stringValue != nil)
            #expect(trigger["lastEventAt"]?.stringValue != nil)
        }
    }

    @Test func generatesAMessageIdWhenAbsent() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: key)
            #expect(response.status == .accepted)
            let messageId = try #require(response.json["messageId"]?.stringValue)
            #expect(UUID(uuidString: messageId) != nil)
        }
    }

    @Test func answersDuplicatesWith200AndCountsThemOnce() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "same"), token: key).status == .accepted)
            let again = try await client.send(.post, "/v1/events", json: validEvent(messageId: "same"), token: key)
            #expect(again.status == .ok)
            #expect(again.json == ["status": "duplicate", "messageId": "same"])
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["eventCount"] == 1)
            let verdicts = try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue?.map { $0["verdict"] }
            #expect(verdicts == ["duplicate", "accepted"])
        }
    }

    @Test func namesEveryBadAttribute() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let event: JSONValue = [
                "trigger": "wifi_signup", "authId": "c-1",
                "attributes": ["amount": "12", "firstVisit": "yes", "signedUpAt": "yesterday", "order": "", "colour": "red"],
            ]
            let response = try await client.send(.post, "/v1/events", json: event, token: key)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "validation_failed")
            #expect(
                Set(response.problemFields) == [
                    "attributes.location", "attributes.amount", "attributes.firstVisit", "attributes.signedUpAt",
                    "attributes.order", "attributes.colour",
                ])
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["rejectedCount"] == 1)
            #expect(trigger["status"] == "awaitingIntegration")
            let entry = try #require(try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue?.first)
            #expect(entry["verdict"] == "rejected")
            #expect(entry["problems"]?.arrayValue?.count == 6)
            #expect(entry["attributes"]?["colour"] == "red")
        }
    }

    @Test(arguments: [
        (JSONValue.object(["authId": "c"]), "validation_failed"),
        (["trigger": "no_such_trigger", "authId": "c"], "unknown_trigger"),
        (["trigger": "email_opened", "authId": "c"], "trigger_not_accepting"),
        (["trigger": "wifi_signup", "attributes": ["location": "x"]], "validation_failed"),
        (["trigger": "wifi_signup", "authId": "", "attributes": ["location": "x"]], "validation_failed"),
        (["trigger": "wifi_signup", "authId": .string(String(repeating: "a", count: 257)), "attributes": ["location": "x"]], "validation_failed"),
        (["trigger": "wifi_signup", "authId": "c", "attributes": ["location": "x"], "bindingId": "order"], "validation_failed"),
        (["trigger": "wifi_signup", "authId": "c", "attributes": ["location": "x"], "timestamp": "26/11/2026"], "validation_failed"),
        (["trigger": "wifi_signup", "authId": "c", "attributes": ["location": "x"], "properties": [:]], "validation_failed"),
        (["trigger": "wifi_signup", "authId": "c", "attributes": "location=x"], "validation_failed"),
        ("just a string", "validation_failed"),
        ([1, 2, 3], "validation_failed"),
    ] as [(JSONValue, String)])
    func refusesBadEvents(event: JSONValue, code: String) async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: event, token: key)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
        }
    }

    @Test func refusesContactPointsOnNonProfileTriggers() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            guard case .object(var event) = validEvent() else { return }
            event["contactpoint_email"] = "ann@example.com"
            let response = try await client.send(.post, "/v1/events", json: .object(event), token: key)
            #expect(response.problemFields == ["contactpoint_email"])
        }
    }

    @Test func acceptsProfileContactPoints() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let profile: JSONValue = ["name": "store_visit", "title": "Store visit", "customerType": "profile"]
            #expect(try await client.send(.post, "/api/v1/triggers", json: profile).json["specialAttributes"] == ["authId", "contactpoint_email", "contactpoint_phone"])
            let event: JSONValue = [
                "trigger": "store_visit", "authId": "p-1", "contactpoint_email": "ann@example.com", "contactpoint_phone": "+15551234567",
            ]
            #expect(try await client.send(.post, "/v1/events", json: event, token: key).status == .accepted)
            let bad: JSONValue = ["trigger": "store_visit", "authId": "p-1", "contactpoint_email": "ann", "contactpoint_phone": "call me"]
            #expect(Set(try await client.send(.post, "/v1/events", json: bad, token: key).problemFields) == ["contactpoint_email", "contactpoint_phone"])
        }
    }

    @Test func treatsNullAttributesAsAbsent() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let event: JSONValue = ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": "hall", "amount": nil]]
            #expect(try await client.send(.post, "/v1/events", json: event, token: key).status == .accepted)
            let stored = try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue?.first
            #expect(stored?["attributes"] == ["location": "hall"])
        }
    }
}
