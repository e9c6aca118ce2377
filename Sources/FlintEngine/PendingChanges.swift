import FlintCore
import Synchronization

/// Change notices received but not applied yet, merged: the same notice twice is applied once, and
/// `everything` takes the place of all the others. A burst of notices (a thousand journeys published
/// one by one) then costs one reload of each kind instead of one per notice.
///
/// They are applied in the order things depend on each other (entities, triggers, keys, journeys,
/// then the dispatcher's wake-up), not in arrival order: merged, a journey's notice may stand for one
/// that came after a trigger it uses was created, and journeys are read against the triggers.
final class PendingChanges: Sendable {
    private let changes = Mutex<[StoreChange]>([])

    func add(_ change: StoreChange) {
        changes.withLock { changes in
            if changes.contains(.everything) || changes.contains(change) { return }
            if change == .everything { changes = [.everything] } else { changes.append(change) }
        }
    }

    /// The notices in dependency order (triggers by name), leaving none.
    func take() -> [StoreChange] {
        let taken = changes.withLock { changes in
            defer { changes = [] }
            return changes
        }
        return taken.sorted { Self.rank($0) < Self.rank($1) }
    }

    private static func rank(_ change: StoreChange) -> (Int, String) {
        switch change {
        case .everything: (0, "")
        case .entities: (1, "")
        case .trigger(let name): (2, name)
        case .ingestionKeys: (3, "")
        case .journeys: (4, "")
        case .work: (5, "")
        }
    }
}
