import Synchronization

/// The triggers some run may be waiting for: loaded from the run store at start, grown whenever a
/// run starts waiting for a trigger, never shrunk (a superset only costs a lookup). Events of other
/// triggers need no waiting-run lookup, which keeps dispatching cheap on the ingestion path.
///
/// With several nodes on one store, the dispatcher also reads the store's list before each page
/// (``RunStore/awaitedTriggers()``), so a run waiting on another node is never missed.
public final class AwaitedTriggers: Sendable {
    private let names = Mutex<Set<String>>([])

    init() {}

    func formUnion(_ triggers: Set<String>) {
        names.withLock { $0.formUnion(triggers) }
    }

    func insert(_ trigger: String) {
        _ = names.withLock { $0.insert(trigger) }
    }

    var all: Set<String> {
        names.withLock { $0 }
    }

    func contains(_ trigger: String) -> Bool {
        names.withLock { $0.contains(trigger) }
    }
}
