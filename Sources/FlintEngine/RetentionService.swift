import FlintCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Prunes what has outlived its retention (old events, finished runs' traces, send records) in the
/// background: every `policy.interval`, each kind in batches of `policy.batchSize`, one short
/// transaction per batch with a pause between them, so ingestion's commits go between.
///
/// With several nodes each prunes; the deletes are idempotent, so that only costs repeated work.
public struct RetentionService: Service {
    /// What one pass deleted.
    public struct Pass: Sendable, Equatable {
        public var events = 0
        public var traces = 0
        public var sends = 0

        public init(events: Int = 0, traces: Int = 0, sends: Int = 0) {
            self.events = events
            self.traces = traces
            self.sends = sends
        }
    }

    private let store: any RetentionStore
    private let policy: RetentionPolicy
    private let clock: any WallClock
    private let sleeper: any Clock<Duration>
    private let logger: Logger
    private let pruned: [String: Counter]
    /// Between two batches, so the writer serves ingestion meanwhile.
    static let pauseBetweenBatches: Duration = .milliseconds(20)

    public init(
        store: any RetentionStore, policy: RetentionPolicy, clock: any WallClock, sleeper: any Clock<Duration>, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.store = store
        self.policy = policy
        self.clock = clock
        self.sleeper = sleeper
        self.logger = logger
        pruned = Dictionary(
            uniqueKeysWithValues: ["events", "traces", "sends"].map {
                ($0, Counter(label: "flint_pruned_total", dimensions: [("kind", $0)], factory: metrics))
            })
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.prune()
                    try await self.sleeper.sleep(for: self.policy.interval)
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("pruning failed; trying again at the next interval", metadata: ["error": "\(error)"])
                    try? await self.sleeper.sleep(for: self.policy.interval)
                }
            }
        }
    }

    /// One pass over every kind with a retention; returns what it deleted.
    @discardableResult
    public func prune() async throws -> Pass {
        let now = clock.now().millisecondsSince1970
        var pass = Pass()
        if let keep = policy.events {
            pass.events = try await batches("events") { try await store.pruneEvents(receivedBefore: now - keep.milliseconds, limit: $0) }
        }
        if let keep = policy.traces {
            pass.traces = try await batches("traces") { try await store.pruneTraces(finishedBefore: now - keep.milliseconds, limit: $0) }
        }
        if let keep = policy.sends {
            pass.sends = try await batches("sends") { try await store.pruneSends(sentBefore: now - keep.milliseconds, limit: $0) }
        }
        if pass != Pass() {
            logger.info("pruned", metadata: ["events": "\(pass.events)", "traces": "\(pass.traces)", "sends": "\(pass.sends)"])
        }
        return pass
    }

    /// Calls `batch` until it comes back short; returns the total.
    private func batches(_ kind: String, _ batch: (Int) async throws -> Int) async throws -> Int {
        var total = 0
        while true {
            try Task.checkCancellation()
            let count = try await batch(policy.batchSize)
            total += count
            if count > 0 { pruned[kind]?.increment(by: count) }
            if count < policy.batchSize { return total }
            try await sleeper.sleep(for: Self.pauseBetweenBatches)
        }
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
