import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("/api/v1/triggers")
struct TriggerRouteTests {
    @Test func createsATriggerAwaitingIntegration() async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            #expect(response.status == .created)
            let trigger = response.json
            #expect(trigger["name"] == "wifi_signup")
            #expect(trigger["kind"] == "custom")
            #expect(trigger["status"] == "awaitingIntegration")
            #expect(trigger["specialAttributes"] == ["authId"])
            #expect(trigger["eventCount"] == 0)
            #expect(trigger["rejectedCount"] == 0)
            #expect(trigger["lastEventAt"] == .null)
            #expect(trigger["verifiedAt"] == .null)
            #expect(trigger["usedIn"] == [])
            #expect(trigger["createdAt"]?.stringValue.flatMap(RFC3339.parse) != nil)
            #expect(trigger["attributes"]?.arrayValue?.count == 5)
            #expect(trigger["attributes"]?.arrayValue?.last?["entity"] == "order")
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json == trigger)
        }
    }

    @Test func namesEveryProblemInADefinition() async throws {
        try await TestFlint().run { client in
            let bad: JSONValue = [
                "name": "Wifi Signup", "customerType": "visitor",
                "attributes": [
                    ["name": "authId", "type": "text"], ["name": "amount", "type": "money"],
                    ["name": "order", "type": "entityReference"], ["name": "x", "type": "text"], ["name": "x", "type": "number"],
                ],
            ]
            let response = try await client.send(.post, "/api/v1/triggers", json: bad)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_trigger")
            #expect(
                Set(response.problemFields) == [
                    "name", "title", "customerType", "attributes[0].name", "attributes[1].type", "attributes[2].entity", "attributes[4].name",
                ])
        }
    }

    @Test func emptyOptionalTextMeansNone() async throws {
        try await TestFlint().run { client in
            let created = try await client.send(.post, "/api/v1/triggers", json: [
                "name": "form_trigger", "title": "From a form", "description": "", "eventName": "  ", "customerType": "contact",
                "attributes": [["name": "location", "type": "text", "description": ""]],
            ])
            #expect(created.status == .created)
            #expect(created.json["description"] == .null)
            #expect(created.json["eventName"] == .null)
            let described = try await client.send(.patch, "/api/v1/triggers/form_trigger", json: ["description": "Now with words"])
            #expect(described.json["description"] == "Now with words")
            let cleared = try await client.send(.patch, "/api/v1/triggers/form_trigger", json: ["description": ""])
            #expect(cleared.status == .ok)
            #expect(cleared.json["description"] == .null)
        }
    }

    @Test func refusesDuplicateNamesAndEventNames() async throws {
        try await TestFlint().run { client in
            #expect(try await client.send(.post, "/api/v1/triggers", json: wifiTrigger).status == .created)
            let again = try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "trigger_exists")
            let clash: JSONValue = ["name": "other", "title": "Other", "customerType": "lead", "eventName": "Wi-Fi Signed Up"]
            let response = try await client.send(.post, "/api/v1/triggers", json: clash)
            #expect(response.errorCode == "invalid_trigger")
            #expect(response.problemFields == ["eventName"])
        }
    }

    @Test func listsCustomAndBuiltinTriggers() async throws {
        try await TestFlint().run { client in
            try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            let triggers = try #require(try await client.send(.get, "/api/v1/triggers").json["triggers"]?.arrayValue)
            #expect(triggers.contains { $0["name"] == "wifi_signup" && $0["kind"] == "custom" })
            let builtins = triggers.filter { $0["kind"] == "builtin" }.compactMap { $0["name"]?.stringValue }
            // The list of API.md, Customers and records.
            #expect(Set(builtins) == [
                "email_sent", "email_opened", "email_link_clicked", "email_failed", "sms_sent", "unsubscribed", "contact_created",
                "lead_created", "profile_created", "journey_completed",
            ])
            #expect(triggers.filter { $0["kind"] == "builtin" }.allSatisfy { $0["status"] == "ready" })
        }
    }

    @Test func patchesSafeFieldsAndAddsOptionalAttributes() async throws {
        try await TestFlint().run { client in
            try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            var attributes = try #require(wifiTrigger["attributes"]?.arrayValue)
            attributes.append(["name": "campaign", "type": "text"])
            let patch: JSONValue = ["title": "Guest Wi-Fi", "description": nil, "eventName": "Guest WiFi", "attributes": .array(attributes)]
            let response = try await client.send(.patch, "/api/v1/triggers/wifi_signup", json: patch)
            #expect(response.status == .ok)
            #expect(response.json["title"] == "Guest Wi-Fi")
            #expect(response.json["description"] == .null)
            #expect(response.json["eventName"] == "Guest WiFi")
            #expect(response.json["attributes"]?.arrayValue?.count == 6)
            let key = try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "k", "kind": "secret"]).json["key"]?.stringValue
            let event: JSONValue = ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": "x", "campaign": "winter"]]
            #expect(try await client.send(.post, "/v1/events", json: event, token: key).status == .accepted)
        }
    }

    @Test func patchRefusesRenamesAndUnknownFields() async throws {
        try await TestFlint().run { client in
            try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            let response = try await client.send(.patch, "/api/v1/triggers/wifi_signup", json: ["name": "renamed", "kind": "record"])
            #expect(response.errorCode == "invalid_trigger")
            #expect(Set(response.problemFields) == ["name", "kind"])
            #expect(try await client.send(.patch, "/api/v1/triggers/nope", json: ["title": "x"]).status == .notFound)
        }
    }

    @Test func deletesTriggersButNotBuiltins() async throws {
        try await TestFlint().run { client in
            try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            #expect(try await client.send(.delete, "/api/v1/triggers/wifi_signup").status == .noContent)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").errorCode == "not_found")
            #expect(try await client.send(.delete, "/api/v1/triggers/wifi_signup").status == .notFound)
            let builtin = try await client.send(.delete, "/api/v1/triggers/email_opened")
            #expect(builtin.status == .conflict)
            #expect(builtin.errorCode == "trigger_read_only")
        }
    }

    @Test func followsTheLifecycleToReady() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let early = try await client.send(.post, "/api/v1/triggers/wifi_signup/ready")
            #expect(early.status == .conflict)
            #expect(early.errorCode == "integration_not_verified")
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["status"] == "integrationVerified")
            let ready = try await client.send(.post, "/api/v1/triggers/wifi_signup/ready")
            #expect(ready.status == .ok)
            #expect(ready.json["status"] == "ready")
            #expect(ready.json["readyAt"]?.stringValue != nil)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["status"] == "ready")
            #expect(try await client.send(.post, "/api/v1/triggers/nope/ready").status == .notFound)
        }
    }

    @Test func inspectorHonoursLimitAndValidatesIt() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            for index in 0..<5 {
                try await client.send(.post, "/v1/events", json: validEvent(messageId: "e\(index)"), token: key)
            }
            let events = try await client.send(.get, "/api/v1/triggers/wifi_signup/events?limit=3").json["events"]?.arrayValue
            #expect(events?.map { $0["messageId"] } == ["e4", "e3", "e2"])
            for bad in ["0", "1001", "ten"] {
                #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup/events?limit=\(bad)").status == .badRequest)
            }
            #expect(try await client.send(.get, "/api/v1/triggers/nope/events").status == .notFound)
        }
    }

    @Test func inspectorRetentionIsBounded() async throws {
        try await TestFlint(inspectorRetention: 3).run { client in
            let key = try await client.setUpTriggerAndKey()
            for _ in 0..<10 {
                try await client.send(.post, "/v1/events", json: ["trigger": "wifi_signup", "authId": "c"], token: key)
            }
            let events = try await client.send(.get, "/api/v1/triggers/wifi_signup/events?limit=100").json["events"]?.arrayValue
            #expect(events?.count == 3)
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["rejectedCount"] == 10)
        }
    }

    @Test(arguments: [nil, "wrong-token", "flk_sec_AAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"])
    func requiresTheAdminToken(token: String?) async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.get, "/api/v1/triggers", token: token)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorized")
        }
    }
}
