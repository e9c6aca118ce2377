import Synchronization

/// A change feed within one process: what one node with an embedded store needs, and the fan-out
/// the PostgreSQL feed uses for the notifications it receives.
public final class InProcessChangeFeed: ChangeFeed {
    private struct Subscribers {
        var next = 0
        var continuations: [Int: AsyncStream<StoreChange>.Continuation] = [:]
    }

    private let subscribers = Mutex(Subscribers())

    public init() {}

    public func publish(_ change: StoreChange) {
        for continuation in subscribers.withLock({ Array($0.continuations.values) }) {
            continuation.yield(change)
        }
    }

    public func subscribe() -> AsyncStream<StoreChange> {
        // Unbounded: changes follow what people do (and a run's first wait for a trigger), so they are few.
        let (stream, continuation) = AsyncStream.makeStream(of: StoreChange.self)
        let id = subscribers.withLock { subscribers in
            subscribers.next += 1
            subscribers.continuations[subscribers.next] = continuation
            return subscribers.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }
}
