import Synchronization

/// How often each run has failed to move in a row, in memory: a restart gives a run a few more tries,
/// which is harmless since every try is put off durably.
final class RunFailures: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts one more failure of `runId` and returns the count.
    func record(_ runId: String) -> Int {
        counts.withLock { counts in
            counts[runId, default: 0] += 1
            return counts[runId]!
        }
    }

    func clear(_ runId: String) {
        _ = counts.withLock { $0.removeValue(forKey: runId) }
    }
}
