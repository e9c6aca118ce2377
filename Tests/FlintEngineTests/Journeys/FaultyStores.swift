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

/// A run store whose saves fail while its switch is on: Flint "crashes" between a send and its record.
struct FaultyRunStore: RunStore {
    let base: any RunStore
    let fault: FaultSwitch

    func saveAll(_ saves: [RunSave]) async throws -> [Bool] {
        if fault.isOn, saves.contains(where: { $0.send != nil || $0.run.performing == nil }) { throw InjectedStoreFailure() }
        return try await base.saveAll(saves)
    }

    func insert(_ runs: [StoredRun]) async throws -> Set<String> { try await base.insert(runs) }
    func run(id: String) async throws -> StoredRun? { try await base.run(id: id) }
    func dueRunIds(at now: Int64, limit: Int) async throws -> [String] { try await base.dueRunIds(at: now, limit: limit) }
    func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool {
        try await base.postpone(runId: runId, revision: revision, until: dueAt)
    }
    func earliestDueAt() async throws -> Int64? { try await base.earliestDueAt() }
    func awaitedTriggers() async throws -> Set<String> { try await base.awaitedTriggers() }
    func runIds(waitingFor trigger: String, authId: String) async throws -> [String] { try await base.runIds(waitingFor: trigger, authId: authId) }
    func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String] {
        try await base.unfinishedRunIds(journeyIds: journeyIds, authId: authId)
    }
    func performingRunIds() async throws -> [String] { try await base.performingRunIds() }
    func latestStart(journeyId: String, authId: String) async throws -> Int64? { try await base.latestStart(journeyId: journeyId, authId: authId) }
    func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun] {
        try await base.runs(journeyId: journeyId, authId: authId, limit: limit)
    }
    func stats(journeyId: String) async throws -> JourneyStats { try await base.stats(journeyId: journeyId) }
    func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int {
        try await base.sendCount(authId: authId, channel: channel, purpose: purpose, since: since)
    }
    func send(idempotencyKey: String) async throws -> SendRecord? { try await base.send(idempotencyKey: idempotencyKey) }
}
