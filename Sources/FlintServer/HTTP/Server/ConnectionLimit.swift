import Synchronization

/// Counts the connections being served, so that one past the limit is refused with a clear answer
/// instead of the process running out of file descriptors and every client timing out.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Takes a place; false (and nothing taken) when all are in use.
    func admit() -> Bool {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= maximum else {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back a place taken by ``admit()``.
    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Descriptors kept out of the connection budget for the database files, outgoing HTTP and SMTP
    /// connections, logs and the listening socket.
    static let reservedDescriptors = 128

    /// The limit when none is configured: what the descriptor limit leaves after the reserve, at most 4,096.
    static func defaultMaximum(descriptorLimit: Int) -> Int {
        min(4096, max(16, descriptorLimit - reservedDescriptors))
    }
}
