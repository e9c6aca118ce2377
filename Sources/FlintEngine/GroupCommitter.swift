import FlintCore
import Logging
import Metrics
import ServiceLifecycle

/// Group commit for ingestion: accepted and rejected events of concurrent requests share one
/// transaction of the event store; every caller resumes once its events are durable.
public final class GroupCommitter: Service {
    private let group: GroupCommit<IngestionRecord, IngestionOutcome>

    /// - Parameter afterCommit: called after every commit that appended events (the dispatcher's wake-up).
    public init(
        store: any EventStore, maximumRecordsPerCommit: Int = 5000, logger: Logger, metrics: any MetricsFactory,
        afterCommit: @escaping @Sendable () -> Void = {}
    ) {
        let batchSize = Recorder(label: "flint_commit_batch_size", aggregate: true, factory: metrics)
        let commitDuration = Metrics.Timer(label: "flint_commit_duration_seconds", factory: metrics)
        group = GroupCommit(maximumRecordsPerCommit: maximumRecordsPerCommit, logger: logger) { records in
            batchSize.record(records.count)
            let start = ContinuousClock.now
            let outcomes = try await store.commit(records)
            commitDuration.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
            // Events were appended (ingested ones, or a new customer's): the dispatcher has work.
            if outcomes.contains(where: \.appendedEvents) { afterCommit() }
            return outcomes
        }
    }

    /// False while the latest commit failed (disk full, database read-only, ...), for `/health/ready`.
    public var isHealthy: Bool { group.isHealthy }

    /// Writes `records` in the next group commit and returns their outcomes once it is durable.
    nonisolated(nonsending) public func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        try await group.commit(records)
    }

    public func run() async throws {
        try await group.run()
    }
}
