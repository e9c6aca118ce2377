import NIOCore
import Synchronization

/// Keeps connections within the process's file descriptors. Up to `maximum` are served; the next
/// `refusalBudget` are answered `503` at once; past those Flint stops accepting until connections
/// close, so further clients wait in the kernel's queue instead of taking descriptors.
///
/// Running out of descriptors must never happen: besides failing database opens, libdispatch on
/// Linux opens `/proc/<tid>/stat` once a second to watch its worker threads and traps (`Signal 4`)
/// when that open fails.
final class ConnectionLimit: Sendable {
    private struct Sockets {
        var open = 0
        var isAcceptingPaused = false
    }

    let maximum: Int
    let refusalBudget: Int
    private let served = Atomic<Int>(0)
    private let sockets = Mutex(Sockets())

    init(maximum: Int, refusalBudget: Int = 32) {
        self.maximum = max(1, maximum)
        self.refusalBudget = max(1, refusalBudget)
    }

    /// Counts an accepted socket until it closes; pauses accepting on its listening socket while
    /// `maximum + refusalBudget` sockets are open, and resumes once one closes. The count and the
    /// switch change on the listener's event loop only, so pausing and resuming cannot be reordered.
    func track(_ channel: any Channel) {
        guard let listener = channel.parent else { return }
        listener.eventLoop.execute { self.changeOpenSockets(by: 1, listener: listener) }
        channel.closeFuture.whenComplete { _ in
            listener.eventLoop.execute { self.changeOpenSockets(by: -1, listener: listener) }
        }
    }

    private func changeOpenSockets(by change: Int, listener: any Channel) {
        listener.eventLoop.assertInEventLoop()
        let ceiling = maximum + refusalBudget
        let accepting = sockets.withLock { sockets -> Bool? in
            sockets.open += change
            let shouldPause = sockets.open >= ceiling
            guard shouldPause != sockets.isAcceptingPaused else { return nil }
            sockets.isAcceptingPaused = shouldPause
            return !shouldPause
        }
        guard let accepting else { return }
        listener.setOption(ChannelOptions.autoRead, value: accepting).whenComplete { _ in }
        if accepting { listener.read() }
    }

    /// Takes a place to serve; false (and nothing taken) when all are in use.
    func admit() -> Bool {
        let count = served.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= maximum else {
            served.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back a place taken by ``admit()``.
    func release() {
        served.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Descriptors kept out of the connection budget for the database files, outgoing HTTP and SMTP
    /// connections, logs, the listening socket, refusals past the cap, and libdispatch's own opens.
    static let reservedDescriptors = 128

    /// The limit when none is configured: what the descriptor limit leaves after the reserve, at most 4,096.
    static func defaultMaximum(descriptorLimit: Int) -> Int {
        min(4096, max(16, descriptorLimit - reservedDescriptors))
    }
}
