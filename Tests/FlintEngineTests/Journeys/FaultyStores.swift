import FlintCore
import Synchronization

struct InjectedStoreFailure: Error, CustomStringConvertible {
    var description: String { "injected store failure" }
}

/// A switch a test flips to make a store fail.
final class FaultSwitch: Sendable {
    private let on = Atomic<Bool>(false)
    var isOn: Bool { on.load(ordering: .relaxed) }
    func set(_ value: Bool) { on.store(value, ordering: .relaxed) }
}

/// A customer store that fails every read while its switch is on: a run can then not be moved.
struct FaultyCustomerStore: CustomerStore {
    let base: any CustomerStore
    let fault: FaultSwitch

    func upsert(_ customer: Customer, at time: Int64) async throws -> Bool { try await base.upsert(customer, at: time) }

    func customer(type: CustomerType, id: String) async throws -> Customer? {
        if fault.isOn { throw InjectedStoreFailure() }
        return try await base.customer(type: type, id: id)
    }
}

/// An event store whose commits fail while its switch is on and they save a run's send or its step's
/// end: Flint "crashes" between a send and its record.
struct FaultyEventStore: EventStore {
    let base: any EventStore
    let fault: FaultSwitch

    func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        let recordsASend = records.contains { record in
            guard case .runSave(let save) = record else { return false }
            return save.send != nil || save.run.performing == nil
        }
        if fault.isOn, recordsASend { throw InjectedStoreFailure() }
        return try await base.commit(records)
    }

    func inspectorEntries(trigger: String, limit: Int) async throws -> [InspectorEntry] {
        try await base.inspectorEntries(trigger: trigger, limit: limit)
    }
}
