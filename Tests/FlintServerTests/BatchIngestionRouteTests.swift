import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("POST /v1/events/batch")
struct BatchIngestionRouteTests {
    @Test func judgesEachEventOnItsOwn() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let batch: JSONValue = [
                "events": [
                    validEvent(messageId: "b-1"),
                    ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": 5]],
                    validEvent(messageId: "b-1"),
                    ["trigger": "nope", "authId": "c"],
                    "not an event",
                    validEvent(messageId: "b-2"),
                ]
            ]
            let response = try await client.send(.post, "/v1/events/batch", json: batch, token: key)
            #expect(response.status == .ok)
            let results = try #require(response.json["results"]?.arrayValue)
            #expect(results.map { $0["index"] } == [0, 1, 2, 3, 4, 5])
            #expect(results.map { $0["status"] } == ["accepted", "rejected", "duplicate", "rejected", "rejected", "accepted"])
            #expect(results[1]["error"]?["code"] == "validation_failed")
            #expect(results[1]["error"]?["details"]?.arrayValue?.first?["field"] == "attributes.location")
            #expect(results[3]["error"]?["code"] == "unknown_trigger")
            #expect(results[5]["messageId"] == "b-2")
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["eventCount"] == 2)
            #expect(trigger["rejectedCount"] == 1)
        }
    }

    @Test func acceptsFiveHundredEvents() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let batch: JSONValue = ["events": .array((0..<500).map { validEvent(messageId: "n\($0)") })]
            let response = try await client.send(.post, "/v1/events/batch", json: batch, token: key)
            #expect(response.json["results"]?.arrayValue?.allSatisfy { $0["status"] == "accepted" } == true)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["eventCount"] == 500)
        }
    }

    @Test func refusesMoreThanFiveHundredEvents() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let batch: JSONValue = ["events": .array(Array(repeating: ["trigger": "wifi_signup"], count: 501))]
            let response = try await client.send(.post, "/v1/events/batch", json: batch, token: key)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test func refusesBodiesOver512KB() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let big = String(repeating: "x", count: 20 * 1024)
            let event: JSONValue = ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": .string(big)]]
            let response = try await client.send(.post, "/v1/events/batch", json: ["events": .array(Array(repeating: event, count: 30))], token: key)
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func refusesSingleEventsOver32KBInsideABatch() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let big: JSONValue = ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": .string(String(repeating: "x", count: 40 * 1024))]]
            let response = try await client.send(.post, "/v1/events/batch", json: ["events": [big, validEvent()]], token: key)
            let results = try #require(response.json["results"]?.arrayValue)
            #expect(results[0]["error"]?["code"] == "payload_too_large")
            #expect(results[1]["status"] == "accepted")
        }
    }

    @Test(arguments: [JSONValue.object([:]), ["events": "x"], ["events": [], "extra": 1], [validEvent()]])
    func refusesMalformedBatches(body: JSONValue) async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events/batch", json: body, token: key)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "validation_failed")
        }
    }
}
