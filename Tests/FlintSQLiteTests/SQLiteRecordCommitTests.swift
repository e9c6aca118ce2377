import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("Record writes in the group commit")
struct SQLiteRecordCommitTests {
    static let order = EntityDefinition(name: "order", title: "Order", fields: [AttributeDefinition(name: "status", type: .text)])
    static let trigger = Trigger(
        definition: TriggerDefinition(
            name: "order_written", title: "Order written", kind: .record, attributes: order.fields, source: RecordTriggerSource(entity: "order")),
        status: .ready, createdAt: referenceTime)

    static func write(_ status: String, version: Int, expected: Int, trigger: String = "order_written") -> IngestionRecord {
        let record = EntityRecord(entity: "order", id: "o-1", customerId: "ann", fields: ["status": .string(status)], version: version, createdAt: 1, updatedAt: Int64(version))
        let source = RecordTriggerSource(entity: "order")
        let event = source.event(trigger: trigger, writing: record, over: nil, at: Int64(version))!
        return .recordWrite(RecordCommit(record: record, expectedVersion: expected, events: [event]))
    }

    @Test func writesTheRecordAndItsEventTogether() async throws {
        try await withStorage { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            try await storage.triggers.create(Self.trigger)
            #expect(try await storage.events.commit([Self.write("placed", version: 1, expected: 0)]) == [.accepted])
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.fields == ["status": "placed"])
            #expect(try await storage.triggers.trigger(named: "order_written")?.eventCount == 1)
            #expect(try await storage.triggers.trigger(named: "order_written")?.definition.source == RecordTriggerSource(entity: "order"))
        }
    }

    @Test func aWriteComputedAgainstAnotherVersionChangesNothing() async throws {
        try await withStorage { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            try await storage.triggers.create(Self.trigger)
            // Two writers both computed against "no record yet": the second loses, and its event is not appended.
            let outcomes = try await storage.events.commit([Self.write("placed", version: 1, expected: 0), Self.write("paid", version: 1, expected: 0)])
            #expect(outcomes == [.accepted, .conflict])
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.fields == ["status": "placed"])
            #expect(try await storage.triggers.trigger(named: "order_written")?.eventCount == 1)
            #expect(try await storage.events.commit([Self.write("shipped", version: 2, expected: 1)]) == [.accepted])
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.version == 2)
        }
    }

    @Test func aWriteForAnUndeclaredEntityIsRefusedWhole() async throws {
        try await withStorage { (storage: Storage) async throws in
            #expect(try await storage.events.commit([Self.write("placed", version: 1, expected: 0)]) == [.unknownEntity])
            #expect(try await storage.entities.record(entity: "order", id: "o-1") == nil)
        }
    }

    @Test func aWriteThatFiresNothingIsRecorded() async throws {
        try await withStorage { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            let record = EntityRecord(entity: "order", id: "o-9", customerId: "ann", fields: [:], version: 1, createdAt: 1, updatedAt: 1)
            #expect(try await storage.events.commit([.recordWrite(RecordCommit(record: record, expectedVersion: 0, events: []))]) == [.recorded])
            #expect(try await storage.entities.records(entity: "order", customerId: "ann", limit: 10).map(\.id) == ["o-9"])
            #expect(try await storage.entities.deleteRecord(entity: "order", id: "o-9"))
            #expect(try await storage.entities.deleteRecord(entity: "order", id: "o-9") == false)
        }
    }

    @Test func entityDeclarationsRoundTrip() async throws {
        try await withStorage { (storage: Storage) async throws in
            #expect(try await storage.entities.put(Self.order, at: 1))
            var changed = Self.order
            changed.fields.append(AttributeDefinition(name: "store", type: .entityReference, entity: "store"))
            changed.customerType = .lead
            #expect(try await storage.entities.put(changed, at: 2) == false)
            #expect(try await storage.entities.entity(named: "order") == changed)
            #expect(try await storage.entities.entities() == [changed])
        }
    }
}
