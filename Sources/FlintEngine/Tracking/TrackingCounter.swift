import FlintCore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps a flood of opens and clicks off the database: the first open (or click of a link) of a message
/// that this process sees is committed with its event before the answer; repeats are counted in memory
/// and written together once a second (and at shutdown). A crash can lose at most a second of repeat
/// counts, never an event.
public final class TrackingCounter: Service {
    private struct State {
        /// Messages (and links) whose first open or click is committed, bounded.
        var committed: Set<String> = []
        var pending: [String: TrackingCommit] = [:]
    }

    /// How many message-and-link keys are remembered before the memory starts over.
    static let maximumRemembered = 100_000
    private let committer: GroupCommitter
    private let sleeper: any Clock<Duration>
    private let logger: Logger
    private let state = Mutex(State())

    public init(committer: GroupCommitter, sleeper: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.committer = committer
        self.sleeper = sleeper
        self.logger = logger
    }

    /// Counts `tracking`: true when it was a repeat, counted in memory; false when the caller must
    /// commit it (with its event) now.
    func countRepeat(_ tracking: TrackingCommit) -> Bool {
        let key = Self.key(tracking)
        return state.withLock { state in
            guard state.committed.contains(key) else { return false }
            var pending = state.pending[key] ?? TrackingCommit(
                messageId: tracking.messageId, journeyId: tracking.journeyId, stepId: tracking.stepId, link: tracking.link,
                at: tracking.at, count: 0, event: nil)
            pending.count += tracking.count
            pending.at = max(pending.at, tracking.at)
            state.pending[key] = pending
            return true
        }
    }

    /// The first open or click of `tracking`'s message (and link) is durable.
    func committed(_ tracking: TrackingCommit) {
        state.withLock { state in
            if state.committed.count >= Self.maximumRemembered { state.committed.removeAll(keepingCapacity: true) }
            state.committed.insert(Self.key(tracking))
        }
    }

    /// Writes the counted repeats.
    func flush() async throws {
        let pending = state.withLock { state -> [TrackingCommit] in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return Array(state.pending.values)
        }
        guard !pending.isEmpty else { return }
        _ = try await committer.commit(pending.map(IngestionRecord.tracking))
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await self.sleeper.sleep(for: .seconds(1))
                do { try await self.flush() } catch { self.logger.error("writing tracking counts failed", metadata: ["error": "\(error)"]) }
            }
        }
        try? await flush()
    }

    static func key(_ tracking: TrackingCommit) -> String {
        "\(tracking.messageId)#\(tracking.link ?? -1)"
    }
}
