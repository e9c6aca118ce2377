import FlintCore
import Synchronization

/// A run store that counts the reads the executor may skip: a run read back by id, and a send looked
/// up by its idempotency key.
struct CountingRunStore: RunStore {
    final class Counts: Sendable {
        let runReads = Atomic<Int>(0)
        let sendReads = Atomic<Int>(0)
    }

    let base: any RunStore
    let counts: Counts

    func run(id: String) async throws -> StoredRun? {
        counts.runReads.add(1, ordering: .relaxed)
        return try await base.run(id: id)
    }

    func send(idempotencyKey: String) async throws -> SendRecord? {
        counts.sendReads.add(1, ordering: .relaxed)
        return try await base.send(idempotencyKey: idempotencyKey)
    }

    func dueRunIds(at now: Int64, limit: Int) async throws -> [String] { try await base.dueRunIds(at: now, limit: limit) }
    func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool {
        try await base.postpone(runId: runId, revision: revision, until: dueAt)
    }
    func earliestDueAt() async throws -> Int64? { try await base.earliestDueAt() }
    func awaitedTriggers() async throws -> Set<String> { try await base.awaitedTriggers() }
    func runIds(waitingFor trigger: String, authId: String) async throws -> [String] {
        try await base.runIds(waitingFor: trigger, authId: authId)
    }
    func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String] {
        try await base.unfinishedRunIds(journeyIds: journeyIds, authId: authId)
    }
    func performingRunIds(at now: Int64) async throws -> [String] { try await base.performingRunIds(at: now) }
    func renewClaims(runIds: [String], at now: Int64) async throws { try await base.renewClaims(runIds: runIds, at: now) }
    func latestStart(journeyId: String, authId: String) async throws -> Int64? {
        try await base.latestStart(journeyId: journeyId, authId: authId)
    }
    func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun] {
        try await base.runs(journeyId: journeyId, authId: authId, limit: limit)
    }
    func stats(journeyId: String) async throws -> JourneyStats { try await base.stats(journeyId: journeyId) }
    func totals(journeyIds: [String]) async throws -> [String: JourneyStats] { try await base.totals(journeyIds: journeyIds) }
    func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int {
        try await base.sendCount(authId: authId, channel: channel, purpose: purpose, since: since)
    }
}
