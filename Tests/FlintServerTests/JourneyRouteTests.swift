import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("/api/v1/journeys")
struct JourneyRouteTests {
    static let purchase: JSONValue = [
        "name": "purchase_completed", "title": "Purchase completed", "customerType": "contact",
        "attributes": [["name": "total", "type": "number"]],
    ]

    /// A journey that waits, so runs stay visible: branch on location, then wait for a purchase.
    static let journey: JSONValue = [
        "name": "Wi-Fi welcome", "trigger": "wifi_signup", "exitTrigger": "purchase_completed",
        "steps": [
            [
                "id": "where", "type": "branch",
                "branches": [["label": "lobby", "when": ["attribute": "trigger.location", "op": "equals", "value": "lobby"], "steps": [
                    ["id": "hello", "type": "email", "subject": "Hi {{customer.firstName | default: \"friend\"}}", "html": "<p>{{trigger.location}}</p>", "purpose": "commercial"],
                ]]],
                "otherwise": [],
            ],
            ["id": "pause", "type": "wait", "duration": "P1D"],
        ],
    ]

    /// Creates both triggers, verifies and readies them; returns an ingestion key.
    func readyTriggers(_ client: some TestClientProtocol) async throws -> String {
        let key = try await client.setUpTriggerAndKey()
        try await client.send(.post, "/api/v1/triggers", json: Self.purchase)
        try await client.send(.post, "/v1/events", json: validEvent(), token: key)
        try await client.send(.post, "/v1/events", json: ["trigger": "purchase_completed", "authId": "x"], token: key)
        #expect(try await client.send(.post, "/api/v1/triggers/wifi_signup/ready").status == .ok)
        #expect(try await client.send(.post, "/api/v1/triggers/purchase_completed/ready").status == .ok)
        return key
    }

    @Test func createsADraftAndNamesEveryProblem() async throws {
        try await TestFlint().run { client in
            _ = try await client.setUpTriggerAndKey()
            try await client.send(.post, "/api/v1/triggers", json: Self.purchase)
            let created = try await client.send(.post, "/api/v1/journeys", json: Self.journey)
            #expect(created.status == .created)
            #expect(created.json["status"] == "draft")
            #expect(created.json["version"] == 1)
            #expect(created.json["steps"]?.arrayValue?.count == 2)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await client.send(.get, "/api/v1/journeys/\(id)").json["stats"]?["entered"] == 0)
            #expect(try await client.send(.get, "/api/v1/journeys").json["journeys"]?.arrayValue?.count == 1)

            let bad: JSONValue = ["name": "x", "trigger": "nope", "steps": [["id": "a", "type": "wait", "duration": "soon"], ["id": "a", "type": "fly"]]]
            let refused = try await client.send(.post, "/api/v1/journeys", json: bad)
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "invalid_journey")
            #expect(Set(refused.problemFields).isSuperset(of: ["trigger", "steps[0].duration", "steps[1].type"]))
        }
    }

    @Test func publishesOnlyWhenEveryTriggerIsReady() async throws {
        try await TestFlint().run { client in
            _ = try await client.setUpTriggerAndKey()
            try await client.send(.post, "/api/v1/triggers", json: Self.purchase)
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: Self.journey).json["id"]?.stringValue)
            let early = try await client.send(.post, "/api/v1/journeys/\(id)/publish")
            #expect(early.status == .conflict)
            #expect(early.errorCode == "trigger_not_ready")
            #expect(try await client.send(.post, "/api/v1/journeys/nope/publish").status == .notFound)
        }
    }

    @Test func liveJourneysProtectTheirTriggers() async throws {
        try await TestFlint().run { client in
            _ = try await readyTriggers(client)
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: Self.journey).json["id"]?.stringValue)
            let live = try await client.send(.post, "/api/v1/journeys/\(id)/publish")
            #expect(live.json["status"] == "live")
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["usedIn"] == [["id": .string(id), "name": "Wi-Fi welcome", "status": "live"]])
            #expect(try await client.send(.delete, "/api/v1/triggers/purchase_completed").errorCode == "trigger_in_use")
            let retype = try await client.send(.patch, "/api/v1/triggers/wifi_signup", json: ["attributes": [["name": "location", "type": "number"]]])
            #expect(retype.status == .conflict)
            #expect(retype.errorCode == "trigger_in_use")
            let safe = try await client.send(.patch, "/api/v1/triggers/wifi_signup", json: ["title": "Guest Wi-Fi"])
            #expect(safe.status == .ok)
            #expect(try await client.send(.post, "/api/v1/journeys/\(id)/stop").json["status"] == "stopped")
        }
    }

    @Test func anEventStartsOneRunAndADuplicateNone() async throws {
        try await TestFlint().run { client in
            let key = try await readyTriggers(client)
            try await client.send(.put, "/api/v1/contacts/ann", json: ["email": "ann@example.com", "firstName": "Ann"])
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: Self.journey).json["id"]?.stringValue)
            try await client.send(.post, "/api/v1/journeys/\(id)/publish")
            let event: JSONValue = ["trigger": "wifi_signup", "authId": "ann", "messageId": "enter-1", "attributes": ["location": "hall"]]
            #expect(try await client.send(.post, "/v1/events", json: event, token: key).status == .accepted)
            #expect(try await client.send(.post, "/v1/events", json: event, token: key).status == .ok)
            let runs = try await Self.poll { try await client.send(.get, "/api/v1/journeys/\(id)/runs?authId=ann").json["runs"]?.arrayValue ?? [] }
            #expect(runs.count == 1)
            #expect(runs.first?["status"] == "waiting")
            #expect(runs.first?["trace"]?.arrayValue?.map { $0["outcome"] } == ["entered", "branched", "waiting"])
            // The exit trigger ends it.
            #expect(try await client.send(.post, "/v1/events", json: ["trigger": "purchase_completed", "authId": "ann"], token: key).status == .accepted)
            let exited = try await Self.poll {
                try await client.send(.get, "/api/v1/journeys/\(id)/runs?authId=ann").json["runs"]?.arrayValue?.filter { $0["status"] == "exited" } ?? []
            }
            #expect(exited.count == 1)
            let stats = try await client.send(.get, "/api/v1/journeys/\(id)").json["stats"]
            #expect(stats?["entered"] == 1)
            #expect(stats?["exited"] == 1)
        }
    }

    @Test func dryRunShowsThePathAndRendersWithoutSending() async throws {
        try await TestFlint().run { client in
            _ = try await readyTriggers(client)
            try await client.send(.put, "/api/v1/contacts/ann", json: [
                "email": "ann@example.com", "firstName": "<Ann>", "consent": ["email": ["commercial": true]],
            ])
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: Self.journey).json["id"]?.stringValue)
            let result = try await client.send(.post, "/api/v1/journeys/\(id)/test", json: ["authId": "ann", "attributes": ["location": "lobby"]])
            #expect(result.status == .ok)
            #expect(result.json["status"] == "completed")
            let message = try #require(result.json["messages"]?.arrayValue?.first)
            #expect(message["step"] == "hello")
            #expect(message["subject"] == "Hi <Ann>")
            #expect(message["html"] == "<p>lobby</p>")
            #expect(message["wouldSend"] == true)
            #expect(try await client.send(.get, "/api/v1/journeys/\(id)/runs").json["runs"] == [])
        }
    }

    /// Polls until `read` returns a non-empty list (background services move runs), at most ~5 s.
    static func poll(_ read: () async throws -> [JSONValue]) async throws -> [JSONValue] {
        for _ in 0..<500 {
            let values = try await read()
            if !values.isEmpty { return values }
            try await Task.sleep(for: .milliseconds(10))
        }
        return []
    }
}
