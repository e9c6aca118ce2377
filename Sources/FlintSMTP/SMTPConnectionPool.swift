import NIOCore
import Synchronization

/// Up to `maximumConnections` sessions with one SMTP server, each carrying one message at a time and
/// kept open for the next; when all are busy, senders wait their turn, first come, first served.
///
/// An idle connection QUITs after `idleTimeout`, one that has carried `maximumMessagesPerConnection`
/// messages retires, and one the server closes while idle is forgotten; a place under the limit is free
/// again only once its connection has closed. `StateMachine` makes every decision; this class keeps it
/// behind a lock and performs what it decides (resuming senders, QUIT) outside the lock.
final class SMTPConnectionPool: Sendable {
    typealias Machine = StateMachine<SMTPConnection>

    private typealias Continuation = CheckedContinuation<Machine.Grant, any Error>

    private struct State {
        var machine: Machine
        /// The continuation of every lease the machine has not resumed yet, by lease id.
        var waiters: [Int: Continuation] = [:]
        var idleTimers: [SMTPConnection.ID: Scheduled<Void>] = [:]
        var lastWaiter = 0
    }

    /// What remains to do once the lock is released.
    private struct Effects {
        var resume: (Continuation, Machine.Grant)?
        var close: SMTPConnection?
    }

    private let state: Mutex<State>
    private let settings: SMTPConfiguration.Pool
    private let connect: @Sendable () async throws -> SMTPConnection

    /// A pool with these limits that opens connections with `connect`.
    init(settings: SMTPConfiguration.Pool, connect: @escaping @Sendable () async throws -> SMTPConnection) {
        self.settings = settings
        self.connect = connect
        self.state = Mutex(State(machine: Machine(maximumConnections: settings.maximumConnections)))
    }

    /// How many senders wait for a connection.
    var waitingCount: Int { state.withLock { $0.machine.waitingCount } }

    /// How many connections are idle.
    var idleCount: Int { state.withLock { $0.machine.idleCount } }

    /// Runs `body` with a connection to itself, then takes the connection back. When `body` fails with
    /// `SMTPStaleConnectionError` it runs once more, on a new connection in the same place: the message
    /// does not queue again, and the limit holds because the stale connection has closed.
    ///
    /// - Throws: what `body` throws, what opening a connection throws (`SMTPError`), or `CancellationError`
    ///   when the task is cancelled while it waits.
    func withConnection<Value>(_ body: (SMTPConnection) async throws -> Value) async throws -> Value {
        let connection = try await lease()
        do {
            try Task.checkCancellation()
            let value = try await body(connection)
            release(connection)
            return value
        } catch is SMTPStaleConnectionError {
            try? await connection.closeFuture.get()
            let fresh = try await open()
            defer { release(fresh) }
            return try await body(fresh)
        } catch {
            release(connection)
            throw error
        }
    }

    private func lease() async throws -> SMTPConnection {
        let waiter = state.withLock { state in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        let grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Continuation) in
                var wasCancelled = false
                perform { state in
                    // Cancelled before it could wait: the cancellation handler below found nothing to cancel.
                    guard !Task.isCancelled else {
                        wasCancelled = true
                        return .none
                    }
                    state.waiters[waiter] = continuation
                    return state.machine.lease(waiter)
                }
                if wasCancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = state.withLock { state in
                state.machine.cancel(waiter) ? state.waiters.removeValue(forKey: waiter) : nil
            }
            continuation?.resume(throwing: CancellationError())
        }
        switch grant {
        case .idle(let connection):
            return connection
        case .open:
            return try await open()
        }
    }

    /// Opens a connection in a place this lease holds, giving the place back if that fails.
    private func open() async throws -> SMTPConnection {
        let connection: SMTPConnection
        do {
            connection = try await connect()
        } catch {
            perform { $0.machine.connectFailed() }
            throw error
        }
        connection.closeFuture.whenComplete { _ in
            self.perform { $0.machine.connectionClosed(connection.id) }
        }
        return connection
    }

    private func release(_ connection: SMTPConnection) {
        perform { state in
            // Read under the lock: a connection that closes from now on is idle or closing when it reports so.
            let condition: Machine.Return = if !connection.isActive {
                .closed
            } else if connection.isClosing || connection.messageCount >= settings.maximumMessagesPerConnection {
                .retiring
            } else {
                .reusable
            }
            return state.machine.release(connection, condition)
        }
    }

    private func idleTimerFired(_ timer: Int) {
        perform { $0.machine.idleTimerFired(timer) }
    }

    /// Runs one transition under the lock, with the bookkeeping its action needs (taking the waiter's
    /// continuation, arming or cancelling idle timers), then resumes and closes outside the lock.
    private func perform(_ transition: (inout State) -> Machine.Action) {
        let effects = state.withLock { state in
            let action = transition(&state)
            return apply(action, to: &state)
        }
        effects.close?.quit()
        if let (continuation, grant) = effects.resume { continuation.resume(returning: grant) }
    }

    private func apply(_ action: Machine.Action, to state: inout State) -> Effects {
        switch action {
        case .none:
            return Effects()
        case .resume(let waiter, let grant):
            if case .idle(let connection) = grant { state.idleTimers.removeValue(forKey: connection.id)?.cancel() }
            return Effects(resume: state.waiters.removeValue(forKey: waiter).map { ($0, grant) })
        case .close(let connection):
            state.idleTimers.removeValue(forKey: connection.id)?.cancel()
            return Effects(close: connection)
        case .park(let connection, let timer):
            let timeout = TimeAmount(settings.idleTimeout)
            // The timer holds the pool, so idle connections still QUIT on time after the client is dropped.
            state.idleTimers[connection.id] = connection.eventLoop.scheduleTask(in: timeout) {
                self.idleTimerFired(timer)
            }
            return Effects()
        }
    }
}
