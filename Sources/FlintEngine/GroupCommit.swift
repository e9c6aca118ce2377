import FlintCore
import Logging
import ServiceLifecycle
import Synchronization

/// Batches concurrent writes into shared transactions (group commit).
///
/// Callers hand their items to ``commit(_:)`` and wait. One loop takes everything that queued up
/// while the previous transaction was committing and writes it with a single call of `write`, so
/// the cost of `fsync` is shared and throughput does not depend on disk latency. Each caller resumes
/// only after its transaction is durable. Ingestion, records, customers, tracking and journey runs all write through the same one.
public final class GroupCommit<Item: Sendable, Outcome: Sendable>: Service {
    private struct Job {
        var records: [Item]
        var continuation: CheckedContinuation<[Outcome], any Error>
    }

    private struct State {
        var jobs: [Job] = []
        var waiter: CheckedContinuation<Void, Never>?
        var isStopping = false
        var isStopped = false
        var lastCommitFailed = false
    }

    private let writeItems: @Sendable ([Item]) async throws -> [Outcome]
    private let maximumRecordsPerCommit: Int
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameter write: writes all items in one transaction and returns an outcome per item, in order.
    public init(maximumRecordsPerCommit: Int = 5000, logger: Logger, write: @escaping @Sendable ([Item]) async throws -> [Outcome]) {
        self.writeItems = write
        self.maximumRecordsPerCommit = maximumRecordsPerCommit
        self.logger = logger
    }

    /// False while the latest commit failed (disk full, database read-only, ...), for `/health/ready`.
    public var isHealthy: Bool {
        state.withLock { !$0.lastCommitFailed }
    }

    /// Writes `records` in the next group commit and returns their outcomes once it is durable.
    nonisolated(nonsending) public func commit(_ records: [Item]) async throws -> [Outcome] {
        try await withCheckedThrowingContinuation { continuation in
            let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                guard !state.isStopped else { return (false, nil) }
                state.jobs.append(Job(records: records, continuation: continuation))
                defer { state.waiter = nil }
                return (true, state.waiter)
            }
            if accepted {
                waiter?.resume()
            } else {
                continuation.resume(throwing: FlintError.unavailable("Flint is shutting down"))
            }
        }
    }

    /// Runs the commit loop until graceful shutdown, then drains what is queued.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while let jobs = await nextJobs() {
                    await commitJobs(jobs)
                }
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    private func stop() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isStopping = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The next jobs to write, waiting while there are none; nil once stopping and drained.
    private func nextJobs() async -> [Job]? {
        while true {
            let taken = state.withLock { state -> [Job]? in
                guard !state.jobs.isEmpty else {
                    if state.isStopping { state.isStopped = true }
                    return nil
                }
                var count = 0
                var end = 0
                while end < state.jobs.count, count < maximumRecordsPerCommit {
                    count += state.jobs[end].records.count
                    end += 1
                }
                let jobs = Array(state.jobs[..<end])
                state.jobs.removeFirst(end)
                return jobs
            }
            if let taken { return taken }
            if state.withLock({ $0.isStopped }) { return nil }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.jobs.isEmpty || state.isStopping { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func commitJobs(_ jobs: [Job]) async {
        let records = jobs.flatMap(\.records)
        do {
            let outcomes = try await writeItems(records)
            state.withLock { $0.lastCommitFailed = false }
            var offset = 0
            for job in jobs {
                job.continuation.resume(returning: Array(outcomes[offset..<(offset + job.records.count)]))
                offset += job.records.count
            }
        } catch where jobs.count > 1 && !Self.isUnavailable(error) {
            // Isolate the failure: one request's bad record must not fail its neighbours.
            logger.warning("group commit failed; retrying requests one by one", metadata: ["error": "\(error)"])
            for job in jobs { await commitJobs([job]) }
        } catch {
            // The database itself is out of reach (or the one request's records failed): say so at once.
            logger.error("commit failed", metadata: ["error": "\(error)", "records": "\(records.count)"])
            state.withLock { $0.lastCommitFailed = true }
            let refusal = (error as? FlintError).flatMap { $0.code == .unavailable ? $0 : nil } ?? FlintError.unavailable(from: error)
                ?? FlintError.unavailable("The database cannot take writes right now")
            for job in jobs { job.continuation.resume(throwing: refusal) }
        }
    }

    /// Whether `error` says the database is out of reach, when trying requests one by one would only
    /// make each wait again.
    private static func isUnavailable(_ error: any Error) -> Bool {
        (error as? FlintError)?.code == .unavailable || FlintError.unavailable(from: error) != nil
    }
}
