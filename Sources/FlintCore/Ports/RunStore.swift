/// Where journey runs, their traces, their timers and their sends live.
///
/// Runs are written through the event store's group commit (``IngestionRecord/runStart(_:)`` and
/// ``IngestionRecord/runSave(_:)``), in the same transactions as the events that start and move them.
public protocol RunStore: Sendable {
    func run(id: String) async throws -> StoredRun?
    /// Waiting runs whose timer is due at `now`, earliest first, claimed for this node (with several
    /// nodes, each due run goes to one of them, and to another only after the claim lapsed).
    func dueRunIds(at now: Int64, limit: Int) async throws -> [String]
    /// Moves a waiting run's timer to `dueAt` when its revision is still `revision`: a run that could
    /// not be moved is tried again later, not in a tight loop. False when it changed meanwhile.
    func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool
    /// The earliest timer of any waiting run.
    func earliestDueAt() async throws -> Int64?
    /// Every trigger some run waits for now (or has waited for: a superset only costs a lookup), so the
    /// dispatcher looks up waiting runs only for those.
    func awaitedTriggers() async throws -> Set<String>
    /// Runs of this customer waiting for `trigger`.
    func runIds(waitingFor trigger: String, authId: String) async throws -> [String]
    /// Unfinished runs of these journeys for this customer.
    func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String]
    /// Runs performing a step that no node holds (after a crash, or when the node holding one stopped
    /// and its claim lapsed), claimed for this node: the step is performed again with the same key.
    func performingRunIds(at now: Int64) async throws -> [String]
    /// Extends this node's claim on runs whose step it has queued or is performing, so a long queue or a
    /// slow send is not taken over by another node while this one is alive.
    func renewClaims(runIds: [String], at now: Int64) async throws
    /// When this customer last entered the journey, for re-entry rules.
    func latestStart(journeyId: String, authId: String) async throws -> Int64?
    /// Runs of a journey, newest first, optionally for one customer.
    func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun]
    func stats(journeyId: String) async throws -> JourneyStats
    /// Run totals (entered, completed, exited, failed; no step counts) of several journeys in one read,
    /// for lists; a journey without runs is absent.
    func totals(journeyIds: [String]) async throws -> [String: JourneyStats]
    /// Messages of `purpose` sent to this customer on `channel` since `since`, for frequency caps.
    func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int
    func send(idempotencyKey: String) async throws -> SendRecord?
}
