import FlintCore
import Synchronization

/// The state a run was saved in when the runner handed its step to the executor, so the executor can
/// perform the step without reading the run, its customer and its send record back from the store.
///
/// Only sound where this process is the store's one writer of runs (one node): every move of a run
/// then goes through this runner, which withdraws the handed-over state before each save of the run
/// (``prepare(_:next:)``), so a state is never used after a later one was saved. With several
/// nodes another node may move the run, so nothing is handed over and every step reads the run first.
///
/// A state is used once. The run's state stays exact however long its step waits in the queue; the
/// data its templates read (the customer, records) is read again when it is older than
/// ``maximumDataAge`` (a step that waited behind a slow destination, or follows a chain of steps begun
/// longer ago), so a message reflects the customer as they are when it goes out.
///
/// At most ``maximumCount`` states are held (each with its run's trace and data, a few hundred bytes
/// to a few kilobytes). When the table is full, the states with old data are dropped to make room
/// (steps stuck behind a hanging destination must not keep the healthy ones from being handed
/// over); a step whose state was dropped reads its run.
final class HandedOverRuns: Sendable {
    struct HandOver: Sendable {
        var stored: StoredRun
        var context: JourneyRunner.RunContext
        fileprivate var ticket: UInt64
        /// False until the save of this state succeeded.
        fileprivate var isSaved = false
    }

    /// Says which prepared state a save confirms or withdraws.
    struct Ticket: Sendable {
        fileprivate let runId: String
        fileprivate let number: UInt64
    }

    let isEnabled: Bool
    let maximumDataAge: Int64
    let maximumCount: Int
    private let state = Mutex<(states: [String: HandOver], nextTicket: UInt64, lastSweep: Int64)>(([:], 0, 0))

    /// - Parameters:
    ///   - isEnabled: whether this process is the only one that moves runs.
    ///   - maximumDataAge: milliseconds after which a handed-over state's data is read again.
    init(isEnabled: Bool, maximumDataAge: Int64 = 1000, maximumCount: Int = 10_000) {
        self.isEnabled = isEnabled
        self.maximumDataAge = maximumDataAge
        self.maximumCount = maximumCount
    }

    /// Called before a run's next state is saved: withdraws what was handed over for `runId`, and keeps
    /// `next` (the state being saved, if it performs a step, and the context it is performed in) as pending.
    func prepare(_ runId: String, next: (StoredRun, JourneyRunner.RunContext)?, now: Int64) -> Ticket? {
        guard isEnabled else { return nil }
        return state.withLock { state in
            state.states[runId] = nil
            guard let (stored, context) = next, stored.run.performing != nil else { return nil }
            if state.states.count >= maximumCount, abs(now - state.lastSweep) >= maximumDataAge / 4 {
                // At most four sweeps per `maximumDataAge`; each drops every state whose data is old.
                state.lastSweep = now
                state.states = state.states.filter { !isStale($0.value, now: now) }
            }
            guard state.states.count < maximumCount else { return nil }
            state.nextTicket += 1
            state.states[runId] = HandOver(stored: stored, context: context, ticket: state.nextTicket)
            return Ticket(runId: runId, number: state.nextTicket)
        }
    }

    /// The save of the prepared state succeeded (`saved`) or did not: it is usable, or it is dropped.
    func settle(_ ticket: Ticket?, saved: Bool) {
        guard let ticket else { return }
        state.withLock { state in
            guard state.states[ticket.runId]?.ticket == ticket.number else { return }
            if saved {
                state.states[ticket.runId]?.isSaved = true
            } else {
                state.states[ticket.runId] = nil
            }
        }
    }

    /// The state handed over for `job` if it was saved and performs the job's step; taken once.
    func take(_ job: StepJob) -> HandOver? {
        guard isEnabled else { return nil }
        let handed = state.withLock { state -> HandOver? in
            guard let handed = state.states[job.runId], handed.isSaved else { return nil }
            state.states[job.runId] = nil
            return handed
        }
        guard let handed, handed.stored.run.performing == job.stepId else { return nil }
        return handed
    }

    /// Whether the data of `handed` was read too long before `now` to render a message from (or the
    /// clock was set back past its reading, when its age is unknown).
    func isStale(_ handed: HandOver, now: Int64) -> Bool {
        let age = now - handed.context.loadedAt
        return age < 0 || age > maximumDataAge
    }

    /// States held (saved or pending), for tests.
    var count: Int { state.withLock { $0.states.count } }
}
