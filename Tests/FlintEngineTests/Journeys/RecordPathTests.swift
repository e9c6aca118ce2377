import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Journeys reading records", .timeLimit(.minutes(1)))
struct RecordPathTests {
    static func declare(_ harness: EngineHarness) async throws {
        _ = try await harness.entities.put(EntityDefinition(name: "store", title: "Store", fields: [AttributeDefinition(name: "city", type: .text)]))
        _ = try await harness.entities.put(EntityDefinition(name: "order", title: "Order", fields: [
            AttributeDefinition(name: "total", type: .number), AttributeDefinition(name: "store", type: .entityReference, entity: "store"),
        ]))
        try await harness.readyTrigger("purchase", attributes: [AttributeDefinition(name: "order", type: .entityReference, entity: "order")])
    }

    static let journey: JSONValue = [
        "name": "Big orders", "trigger": "purchase",
        "steps": [[
            "id": "size", "type": "branch",
            "branches": [[
                "label": "big", "when": ["attribute": "trigger.order.total", "op": "greaterThan", "value": 100],
                "steps": [["id": "big", "type": "webhook", "url": "https://big.example/hook",
                           "body": #"{"city": "{{trigger.order.store.city | default: "unknown"}}"}"#]],
            ]],
            "otherwise": [["id": "small", "type": "webhook", "url": "https://small.example/hook", "body": "{}"]],
        ]],
    ]

    @Test func aBranchReadsTheReferencedRecordWhenTheRunMoves() async throws {
        let harness = try await EngineHarness.make()
        try await harness.run { harness in
            try await Self.declare(harness)
            let journey = try await harness.liveJourney(Self.journey)
            _ = try await harness.records.put(entity: "store", id: "s-1", body: ["customerId": "ann", "fields": ["city": "Lyon"]])
            _ = try await harness.records.put(entity: "order", id: "o-1", body: ["customerId": "ann", "fields": ["total": 250, "store": "s-1"]])
            _ = try await harness.records.put(entity: "order", id: "o-2", body: ["customerId": "bob", "fields": ["total": 20]])
            _ = try await harness.ingestor.ingest(["trigger": "purchase", "authId": "ann", "messageId": "p1", "attributes": ["order": "o-1"]])
            _ = try await harness.ingestor.ingest(["trigger": "purchase", "authId": "bob", "messageId": "p2", "attributes": ["order": "o-2"]])
            // A missing record: the condition is false, the default is used, and the trace says which.
            _ = try await harness.ingestor.ingest(["trigger": "purchase", "authId": "cat", "messageId": "p3", "attributes": ["order": "o-9"]])
            try await harness.dispatch()
            try await harness.eventually("every run completed") { try await harness.runs(journey).filter { $0.status == .completed }.count == 3 }
            let runs = try await harness.runs(journey)
            func trace(_ authId: String) -> [TraceEntry] { runs.first { $0.authId == authId }?.trace ?? [] }
            #expect(trace("ann").first { $0.outcome == .branched }?.detail == "took big (trigger.order.total = 250)")
            #expect(trace("bob").first { $0.outcome == .branched }?.detail.hasPrefix("no branch matched") == true)
            let missing = try #require(trace("cat").first { $0.outcome == .branched }?.detail)
            #expect(missing.contains("records not found = \"order/o-9\""))
            #expect(harness.delivery.attempts.map(\.destination).sorted() == ["big.example", "small.example", "small.example"])
        }
    }

    @Test func journeysAreTypeCheckedAgainstTheEntity() async throws {
        let harness = try await EngineHarness.make()
        try await Self.declare(harness)
        let wrongOperator: JSONValue = [
            "name": "Bad", "trigger": "purchase", "entryCondition": ["attribute": "trigger.order.total", "op": "contains", "value": "x"],
            "steps": [["id": "w", "type": "wait", "duration": "PT1M"]],
        ]
        let error = await #expect(throws: FlintError.self) { try await harness.journeys.create(wrongOperator) }
        #expect(error?.details.first?.problem.contains("\"contains\" does not fit trigger.order.total, which is number") == true)
        let unknownField: JSONValue = [
            "name": "Bad", "trigger": "purchase", "steps": [["id": "h", "type": "webhook", "url": "https://x.example", "body": #"{"a": "{{trigger.order.colour}}"}"#]],
        ]
        let unknown = await #expect(throws: FlintError.self) { try await harness.journeys.create(unknownField) }
        #expect(unknown?.details.first?.problem.contains("\"colour\" is not a field of entity order") == true)
    }
}

@Suite("Journeys repeating over lists of records", .timeLimit(.minutes(1)))
struct RecordListTests {
    @Test func anOrderConfirmationListsTheOrdersItemsEscaped() async throws {
        let harness = try await EngineHarness.make()
        try await harness.run { harness in
            _ = try await harness.entities.put(EntityDefinition(name: "item", title: "Item", fields: [
                AttributeDefinition(name: "name", type: .text), AttributeDefinition(name: "quantity", type: .number),
            ]))
            _ = try await harness.entities.put(EntityDefinition(name: "order", title: "Order", fields: [
                AttributeDefinition(name: "items", type: .entityReferenceList, entity: "item"),
            ]))
            try await harness.readyTrigger("purchase", attributes: [AttributeDefinition(name: "order", type: .entityReference, entity: "order")])
            let journey = try await harness.liveJourney([
                "name": "Confirmation", "trigger": "purchase",
                "entryCondition": ["attribute": "trigger.order.items", "op": "countGreaterThan", "value": 0],
                "steps": [[
                    "id": "confirm", "type": "email", "purpose": "transactional", "subject": "Your order",
                    "html": "<ul>{{#each trigger.order.items}}<li>{{item.name}} x {{item.quantity | default: \"1\"}}</li>{{/each}}</ul>",
                ]],
            ])
            try await harness.contact("ann")
            _ = try await harness.records.put(entity: "item", id: "i-1", body: ["customerId": "ann", "fields": ["name": "Tea <green>", "quantity": 2]])
            _ = try await harness.records.put(entity: "item", id: "i-2", body: ["customerId": "ann", "fields": ["name": "Cup"]])
            _ = try await harness.records.put(entity: "order", id: "o-1", body: ["customerId": "ann", "fields": ["items": ["i-1", "i-2", "i-9"]]])
            _ = try await harness.records.put(entity: "order", id: "o-2", body: ["customerId": "ann", "fields": ["items": []]])
            _ = try await harness.ingestor.ingest(["trigger": "purchase", "authId": "ann", "messageId": "p1", "attributes": ["order": "o-1"]])
            // An empty order does not enter (countGreaterThan 0).
            _ = try await harness.ingestor.ingest(["trigger": "purchase", "authId": "ann", "messageId": "p2", "attributes": ["order": "o-2"]])
            try await harness.dispatch()
            try await harness.eventually("the confirmation went out") { try await harness.runs(journey).first?.status == .completed }
            #expect(try await harness.runs(journey).count == 1)
            let email = try #require(harness.delivery.emails.first)
            #expect(email.html == "<ul><li>Tea &lt;green&gt; x 2</li><li>Cup x 1</li></ul>")
            let sent = try #require(try await harness.runs(journey).first?.trace.first { $0.outcome == .sent })
            #expect(sent.detail.contains("records not found, so their defaults were used: item/i-9"))
        }
    }

    @Test func blocksAreCheckedWhenTheJourneyIsCreated() async throws {
        let harness = try await EngineHarness.make()
        _ = try await harness.entities.put(EntityDefinition(name: "item", title: "Item", fields: [AttributeDefinition(name: "name", type: .text)]))
        _ = try await harness.entities.put(EntityDefinition(name: "order", title: "Order", fields: [
            AttributeDefinition(name: "items", type: .entityReferenceList, entity: "item"), AttributeDefinition(name: "note", type: .text),
        ]))
        try await harness.readyTrigger("purchase", attributes: [AttributeDefinition(name: "order", type: .entityReference, entity: "order")])
        func problems(_ html: String) async -> [String] {
            let journey: JSONValue = [
                "name": "J", "trigger": "purchase",
                "steps": [["id": "e", "type": "email", "purpose": "transactional", "subject": "S", "html": .string(html)]],
            ]
            do {
                _ = try await harness.journeys.create(journey)
                return []
            } catch let error as FlintError {
                return error.details.map(\.problem)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(await problems("{{#each trigger.order.items}}{{item.name}}{{/each}}").isEmpty)
        #expect(await problems("{{#each trigger.order.items}}{{item.colour}}{{/each}}").first?.contains("\"colour\" is not a field of entity item") == true)
        #expect(await problems("{{#each trigger.order.note}}x{{/each}}").first?.contains("repeats over a list of records") == true)
        #expect(await problems("{{trigger.order.items.name}}").first?.contains("is a list; repeat over it with {{#each trigger.order.items}}") == true)
        #expect(await problems("<a href=\"{{#each trigger.order.items}}x{{/each}}\">").first?.contains("must stand in text") == true)
        #expect(await problems("{{#each trigger.order.items}}x").first?.contains("is not closed") == true)
        #expect(await problems("{{item.name}}").first?.contains("inside {{#each") == true)
    }
}
