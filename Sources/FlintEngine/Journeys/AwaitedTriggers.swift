import FlintCore
import Synchronization

/// The triggers some run may be waiting for: loaded from the run store at start, grown whenever a
/// run starts waiting for a trigger, never shrunk (a superset only costs a lookup). Events of other
/// triggers need no waiting-run lookup, which keeps dispatching cheap on the ingestion path.
///
/// A trigger new to this set is announced on the change feed, so every node's dispatcher looks for
/// the waiting runs whichever node receives the event.
public final class AwaitedTriggers: Sendable {
    private let names = Mutex<Set<String>>([])
    private let changes: any ChangeFeed

    init(changes: any ChangeFeed) {
        self.changes = changes
    }

    func formUnion(_ triggers: Set<String>) {
        names.withLock { $0.formUnion(triggers) }
    }

    /// A run here now waits for `trigger`.
    func insert(_ trigger: String) {
        if names.withLock({ $0.insert(trigger).inserted }) { changes.publish(.awaitedTrigger(trigger)) }
    }

    /// A run on another node waits for `trigger`.
    func learned(_ trigger: String) {
        _ = names.withLock { $0.insert(trigger) }
    }

    var all: Set<String> {
        names.withLock { $0 }
    }

    func contains(_ trigger: String) -> Bool {
        names.withLock { $0.contains(trigger) }
    }
}
