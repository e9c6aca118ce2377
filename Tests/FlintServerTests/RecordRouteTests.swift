import FlintCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Entities, records and record triggers")
struct RecordRouteTests {
    static let order: JSONValue = [
        "title": "Order",
        "fields": [["name": "status", "type": "text", "required": true], ["name": "total", "type": "number"]],
    ]
    static let shipped: JSONValue = [
        "name": "order_shipped", "title": "Order shipped", "kind": "record", "entity": "order", "on": ["update"], "watchFields": ["status"],
    ]

    static func write(_ client: some TestClientProtocol, _ id: String, _ fields: JSONValue, customer: String = "ann") async throws -> TestResponse {
        try await client.send(.put, "/api/v1/entities/order/records/\(id)", json: ["customerId": .string(customer), "fields": fields])
    }

    @Test func declaresEntitiesAndWritesVersionedRecords() async throws {
        try await TestFlint().run { client in
            #expect(try await client.send(.put, "/api/v1/entities/order", json: Self.order).status == .created)
            #expect(try await client.send(.put, "/api/v1/entities/order", json: Self.order).status == .ok)
            #expect(try await client.send(.get, "/api/v1/entities").json["entities"]?.arrayValue?.map { $0["name"] } == ["order"])
            let created = try await Self.write(client, "o-1", ["status": "placed", "total": 10])
            #expect(created.status == .created)
            #expect(created.json["version"] == 1 && created.json["customerId"] == "ann" && created.json["entity"] == "order")
            let changed = try await Self.write(client, "o-1", ["status": "shipped", "total": 10])
            #expect(changed.status == .ok && changed.json["version"] == 2)
            // The same values again change nothing.
            #expect(try await Self.write(client, "o-1", ["status": "shipped", "total": 10]).json["version"] == 2)
            try await Self.write(client, "o-2", ["status": "placed"], customer: "bob")
            let annOnly = try await client.send(.get, "/api/v1/entities/order/records?customerId=ann").json["records"]?.arrayValue
            #expect(annOnly?.map { $0["id"] } == ["o-1"])
            #expect(try await client.send(.get, "/api/v1/entities/order/records/o-1").json["fields"] == ["status": "shipped", "total": 10])
            #expect(try await client.send(.delete, "/api/v1/entities/order/records/o-1").status == .noContent)
            #expect(try await client.send(.get, "/api/v1/entities/order/records/o-1").errorCode == "not_found")
            #expect(try await client.send(.delete, "/api/v1/entities/order/records/o-1").errorCode == "not_found")
        }
    }

    @Test func refusesUnknownEntitiesAndBadFields() async throws {
        try await TestFlint().run { client in
            #expect(try await client.send(.put, "/api/v1/entities/order/records/o-1", json: ["customerId": "ann"]).errorCode == "unknown_entity")
            #expect(try await client.send(.get, "/api/v1/entities/order").errorCode == "unknown_entity")
            #expect(try await client.send(.put, "/api/v1/entities/Order", json: Self.order).errorCode == "invalid_entity")
            try await client.send(.put, "/api/v1/entities/order", json: Self.order)
            let bad = try await Self.write(client, "o-1", ["total": "ten", "colour": "red"])
            #expect(bad.errorCode == "validation_failed")
            #expect(Set(bad.json["error"]?["details"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == [
                "fields.status", "fields.total", "fields.colour",
            ])
            // Nothing was stored.
            #expect(try await client.send(.get, "/api/v1/entities/order/records").json["records"] == [])
        }
    }

    @Test func aRecordTriggerFiresOnceForAWatchedChange() async throws {
        try await TestFlint().run { client in
            try await client.send(.put, "/api/v1/entities/order", json: Self.order)
            let trigger = try await client.send(.post, "/api/v1/triggers", json: Self.shipped)
            #expect(trigger.status == .created)
            #expect(trigger.json["status"] == "ready" && trigger.json["kind"] == "record" && trigger.json["entity"] == "order")
            #expect(trigger.json["attributes"]?.arrayValue?.map { $0["name"] } == ["status", "total"])
            try await Self.write(client, "o-1", ["status": "placed", "total": 10])
            try await Self.write(client, "o-1", ["status": "placed", "total": 12])
            try await Self.write(client, "o-1", ["status": "shipped", "total": 12])
            try await Self.write(client, "o-1", ["status": "shipped", "total": 12])
            let events = try #require(try await client.send(.get, "/api/v1/triggers/order_shipped/events").json["events"]?.arrayValue)
            #expect(events.count == 1)
            #expect(events.first?["authId"] == "ann")
            #expect(events.first?["attributes"] == ["status": "shipped", "total": 12, "previous": ["status": "placed"], "changedFields": ["status"]])
            #expect(try await client.send(.get, "/api/v1/triggers/order_shipped").json["eventCount"] == 1)
            // Its attributes follow the entity and cannot be set on the trigger.
            #expect(try await client.send(.patch, "/api/v1/triggers/order_shipped", json: ["attributes": []]).errorCode == "invalid_trigger")
            var grown = Self.order.objectValue ?? [:]
            grown["fields"] = .array((Self.order["fields"]?.arrayValue ?? []) + [["name": "note", "type": "text"]])
            try await client.send(.put, "/api/v1/entities/order", json: .object(grown))
            #expect(try await client.send(.get, "/api/v1/triggers/order_shipped").json["attributes"]?.arrayValue?.count == 3)
        }
    }

    @Test func aRecordTriggerStartsAJourneyAndProtectsItsEntity() async throws {
        try await TestFlint().run { client in
            try await client.send(.put, "/api/v1/entities/order", json: Self.order)
            try await client.send(.post, "/api/v1/triggers", json: Self.shipped)
            let journey: JSONValue = [
                "name": "Shipped", "trigger": "order_shipped",
                "entryCondition": ["attribute": "trigger.total", "op": "greaterThan", "value": 5],
                "steps": [["id": "pause", "type": "wait", "duration": "P1D"]],
            ]
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: journey).json["id"]?.stringValue)
            #expect(try await client.send(.post, "/api/v1/journeys/\(id)/publish").json["status"] == "live")
            try await Self.write(client, "o-1", ["status": "placed", "total": 10])
            try await Self.write(client, "o-1", ["status": "shipped", "total": 10])
            let runs = try await JourneyRouteTests.poll {
                try await client.send(.get, "/api/v1/journeys/\(id)/runs?authId=ann").json["runs"]?.arrayValue ?? []
            }
            #expect(runs.count == 1)
            #expect(runs.first?["status"] == "waiting")
            // A breaking change to the entity is refused while the journey is live; an added field is not.
            let retyped: JSONValue = ["title": "Order", "fields": [["name": "status", "type": "text", "required": true]]]
            #expect(try await client.send(.put, "/api/v1/entities/order", json: retyped).errorCode == "entity_in_use")
        }
    }

    /// A live journey that reads an entity's fields through a reference protects them too.
    @Test func aJourneyReadingAnEntityThroughAReferenceProtectsIt() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            try await client.send(.post, "/v1/events", json: validEvent(), token: key)
            #expect(try await client.send(.post, "/api/v1/triggers/wifi_signup/ready").status == .ok)
            try await client.send(.put, "/api/v1/entities/order", json: Self.order)
            let journey: JSONValue = [
                "name": "Big orders", "trigger": "wifi_signup",
                "entryCondition": ["attribute": "trigger.order.total", "op": "greaterThan", "value": 5],
                "steps": [["id": "pause", "type": "wait", "duration": "P1D"]],
            ]
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: journey).json["id"]?.stringValue)
            #expect(try await client.send(.post, "/api/v1/journeys/\(id)/publish").json["status"] == "live")
            let retyped: JSONValue = ["title": "Order", "fields": [["name": "status", "type": "text", "required": true], ["name": "total", "type": "text"]]]
            let refused = try await client.send(.put, "/api/v1/entities/order", json: retyped)
            #expect(refused.errorCode == "entity_in_use")
            #expect(refused.json["error"]?["message"]?.stringValue?.contains("Big orders") == true)
            var grown = Self.order.objectValue ?? [:]
            grown["fields"] = .array((Self.order["fields"]?.arrayValue ?? []) + [["name": "note", "type": "text"]])
            #expect(try await client.send(.put, "/api/v1/entities/order", json: .object(grown)).status == .ok)
            try await client.send(.post, "/api/v1/journeys/\(id)/stop")
            #expect(try await client.send(.put, "/api/v1/entities/order", json: retyped).status == .ok)
        }
    }
}
