import FlintCore
import Synchronization

/// Change notices received but not applied yet, merged: the same notice twice is applied once, and
/// `everything` takes the place of all the others. A burst of notices (a thousand journeys published
/// one by one) then costs one reload of each kind instead of one per notice.
final class PendingChanges: Sendable {
    private let changes = Mutex<[StoreChange]>([])

    func add(_ change: StoreChange) {
        changes.withLock { changes in
            if changes.contains(.everything) || changes.contains(change) { return }
            if change == .everything { changes = [.everything] } else { changes.append(change) }
        }
    }

    /// The notices in the order they first arrived, leaving none.
    func take() -> [StoreChange] {
        changes.withLock { changes in
            defer { changes = [] }
            return changes
        }
    }
}
