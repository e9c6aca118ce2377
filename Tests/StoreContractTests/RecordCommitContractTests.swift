import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("Record writes in the group commit")
struct RecordCommitContractTests {
    static let order = EntityDefinition(name: "order", title: "Order", fields: [AttributeDefinition(name: "status", type: .text)])
    static let trigger = Trigger(
        definition: TriggerDefinition(
            name: "order_written", title: "Order written", kind: .record, attributes: order.fields, source: RecordTriggerSource(entity: "order")),
        status: .ready, createdAt: referenceTime)

    static func write(_ status: String, at: Int64, trigger: String = "order_written") -> IngestionRecord {
        .recordWrite(RecordCommit(
            entity: "order", id: "o-1", customerId: "ann", fields: ["status": .string(status)], at: at,
            watchers: [RecordCommit.Watcher(trigger: trigger, source: RecordTriggerSource(entity: "order"))]))
    }

    static func written(_ outcome: IngestionOutcome?) -> RecordWritten? {
        guard case .recordWritten(let written) = outcome else { return nil }
        return written
    }

    @Test(arguments: StoreKind.all) func writesTheRecordAndItsEventTogether(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            try await storage.triggers.create(Self.trigger)
            let written = try #require(Self.written(try await storage.events.commit([Self.write("placed", at: 5)]).first))
            #expect(written.change == .created && written.appended == 1 && written.record.version == 1 && written.record.createdAt == 5)
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.fields == ["status": "placed"])
            #expect(try await storage.triggers.trigger(named: "order_written")?.eventCount == 1)
            #expect(try await storage.triggers.trigger(named: "order_written")?.definition.source == RecordTriggerSource(entity: "order"))
        }
    }

    @Test(arguments: StoreKind.all) func writesOfOneRecordInOneCommitApplyInOrder(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            try await storage.triggers.create(Self.trigger)
            // Both were computed without a read: the second sees the first inside the transaction, so it is an
            // update of version 1 carrying the old status, and nothing is lost between the two writers.
            let outcomes = try await storage.events.commit([Self.write("placed", at: 5), Self.write("paid", at: 6), Self.write("paid", at: 7)])
            let written = outcomes.map(Self.written)
            #expect(written.map { $0?.change } == [.created, .updated, .unchanged])
            #expect(written.map { $0?.record.version } == [1, 2, 2])
            #expect(written[1]?.events.first?.attributes["previous"] == ["status": "placed"])
            #expect(written[2]?.events == [] && written[2]?.appended == 0)
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.fields == ["status": "paid"])
            #expect(try await storage.entities.record(entity: "order", id: "o-1")?.createdAt == 5)
            #expect(try await storage.triggers.trigger(named: "order_written")?.eventCount == 2)
        }
    }

    @Test(arguments: StoreKind.all) func anEventOfADeletedTriggerIsNotAppended(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            let written = try #require(Self.written(try await storage.events.commit([Self.write("placed", at: 5, trigger: "gone")]).first))
            #expect(written.change == .created && written.events.count == 1 && written.appended == 0)
            #expect(try await storage.entities.record(entity: "order", id: "o-1") != nil)
        }
    }

    @Test(arguments: StoreKind.all) func aWriteForAnUndeclaredEntityIsRefusedWhole(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.events.commit([Self.write("placed", at: 5)]) == [.unknownEntity])
            #expect(try await storage.entities.record(entity: "order", id: "o-1") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aWriteThatFiresNothingIsRecorded(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            _ = try await storage.entities.put(Self.order, at: 1)
            let write = RecordCommit(entity: "order", id: "o-9", customerId: "ann", fields: [:], at: 1, watchers: [])
            let written = Self.written(try await storage.events.commit([.recordWrite(write)]).first)
            #expect(written?.change == .created && written?.events == [])
            #expect(try await storage.entities.records(entity: "order", customerId: "ann", limit: 10).map(\.id) == ["o-9"])
            #expect(try await storage.entities.deleteRecord(entity: "order", id: "o-9"))
            #expect(try await storage.entities.deleteRecord(entity: "order", id: "o-9") == false)
        }
    }

    @Test(arguments: StoreKind.all) func entityDeclarationsRoundTrip(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
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
