import FlintCore
import Synchronization

/// An in-memory ``EventStore`` that records every commit, can hold the first one until released,
/// and fails any commit that contains a poisoned `messageId`.
final class RecordingEventStore: EventStore {
    struct InjectedFailure: Error {}

    private struct State {
        var attempts: [[IngestionRecord]] = []
        var holdsFirstCommit: Bool
        var isReleased = false
        var gate: CheckedContinuation<Void, Never>?
        var loggedMessageIds: Set<String> = []
        var poisonedMessageIds: Set<String> = []
    }

    private let state: Mutex<State>
    /// The record count of each commit, yielded as the commit starts.
    let commitsStarted: AsyncStream<Int>
    private let commitsStartedContinuation: AsyncStream<Int>.Continuation

    init(holdsFirstCommit: Bool = false) {
        state = Mutex(State(holdsFirstCommit: holdsFirstCommit))
        (commitsStarted, commitsStartedContinuation) = AsyncStream.makeStream(of: Int.self)
    }

    /// The record count of every commit attempt, failed ones included, in order.
    var commitSizes: [Int] { state.withLock { $0.attempts.map(\.count) } }

    /// Every commit attempt's records, in order.
    var attempts: [[IngestionRecord]] { state.withLock { $0.attempts } }

    /// Makes every later commit containing `messageId` throw.
    func poison(messageId: String) {
        state.withLock { _ = $0.poisonedMessageIds.insert(messageId) }
    }

    /// Lets the held first commit (and any later one) proceed.
    func release() {
        let gate = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isReleased = true
            defer { state.gate = nil }
            return state.gate
        }
        gate?.resume()
    }

    func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        let mustWait = state.withLock { state -> Bool in
            state.attempts.append(records)
            return state.attempts.count == 1 && state.holdsFirstCommit
        }
        commitsStartedContinuation.yield(records.count)
        if mustWait {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isReleased { return true }
                    state.gate = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        let outcomes = state.withLock { state -> [IngestionOutcome]? in
            if records.contains(where: { $0.messageId.map(state.poisonedMessageIds.contains) ?? false }) { return nil }
            var logged = state.loggedMessageIds
            let outcomes = records.map { record -> IngestionOutcome in
                switch record {
                case .accepted(let event): logged.insert(event.messageId).inserted ? .accepted : .duplicate
                case .rejected: .recorded
                case .recordWrite(let write): .recordWritten(Self.created(write, appendingTo: &logged))
                case .customerWrite(let write): write.eventIfCreated.map { logged.insert($0.messageId).inserted } == true ? .created : .recorded
                case .tracking(let tracking): tracking.event.map { logged.insert($0.messageId).inserted } == true ? .accepted : .recorded
                case .consentChange: .recorded
                case .runStart: .started
                case .runSave(let save): .saved(appendedEvents: save.events.map { logged.insert($0.messageId).inserted }.contains(true))
                }
            }
            state.loggedMessageIds = logged
            return outcomes
        }
        guard let outcomes else { throw InjectedFailure() }
        return outcomes
    }

    func inspectorEntries(trigger: String, limit: Int) async throws -> [InspectorEntry] { [] }

    /// No records are stored here: every write is a create, and appends the events not logged yet.
    private static func created(_ write: RecordCommit, appendingTo logged: inout Set<String>) -> RecordWritten {
        var written = write.write(over: nil)
        written.appended = written.events.filter { logged.insert($0.messageId).inserted }.count
        return written
    }
}

extension IngestionRecord {
    var messageId: String? {
        switch self {
        case .accepted(let event): event.messageId
        case .rejected(let rejection): rejection.messageId
        case .recordWrite(let write): write.write(over: nil).events.first?.messageId
        case .customerWrite(let write): write.eventIfCreated?.messageId
        case .tracking(let tracking): tracking.event?.messageId
        case .runStart, .runSave, .consentChange: nil
        }
    }

    static func accepted(_ messageId: String) -> IngestionRecord {
        .accepted(AcceptedEvent(messageId: messageId, trigger: "wifi_signup", authId: "c1", timestamp: 0, receivedAt: 0, attributes: [:]))
    }

    static func rejected(_ messageId: String) -> IngestionRecord {
        .rejected(RejectedEvent(trigger: "wifi_signup", messageId: messageId, authId: "c1", receivedAt: 0, problems: [], attributesJSON: nil))
    }
}
