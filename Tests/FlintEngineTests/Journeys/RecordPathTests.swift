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
