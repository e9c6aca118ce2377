import Synchronization

/// What a `ScriptedSMTPServer` saw, shared by its connections' handlers on any event loop.
final class ScriptedSMTPLog: Sendable {
    private struct State {
        var sessions: [[String]] = []
        var openConnections = 0
        var peakConnections = 0
        var deliveredMessageIDs: [String] = []
        var quits = 0
        var quitWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var sessions: [[String]] { state.withLock { $0.sessions } }
    var peakConnections: Int { state.withLock { $0.peakConnections } }
    var deliveredMessageIDs: [String] { state.withLock { $0.deliveredMessageIDs } }

    /// Counts a new connection and returns its index in `sessions`.
    func connectionOpened() -> Int {
        state.withLock { state in
            state.openConnections += 1
            state.peakConnections = max(state.peakConnections, state.openConnections)
            state.sessions.append([])
            return state.sessions.count - 1
        }
    }

    func connectionClosed() {
        state.withLock { $0.openConnections -= 1 }
    }

    /// Records a command (or `.` for a message) on connection `session`, and the message it delivered.
    func record(_ line: String, in session: Int, delivering messageID: String? = nil) {
        state.withLock { state in
            state.sessions[session].append(line)
            if let messageID { state.deliveredMessageIDs.append(messageID) }
        }
    }

    func quitReceived() {
        let due = state.withLock { state in
            state.quits += 1
            let quits = state.quits
            defer { state.quitWaiters.removeAll { $0.count <= quits } }
            return state.quitWaiters.filter { $0.count <= quits }
        }
        for waiter in due { waiter.continuation.resume() }
    }

    /// Returns once `count` QUIT commands have arrived.
    func waitForQuits(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let isDue = state.withLock { state in
                guard state.quits < count else { return true }
                state.quitWaiters.append((count, continuation))
                return false
            }
            if isDue { continuation.resume() }
        }
    }
}
