import NIOCore

extension SMTPConnectionPool {
    /// The pool's bookkeeping as a pure state machine: how many places under the limit are taken, which
    /// connections are idle or closing, and which leases wait, first come, first served.
    ///
    /// A place is taken from the moment a lease may open a connection until that connection has closed,
    /// so the limit holds for sockets, QUIT round trips included. Every lease is known by an id the pool
    /// chooses. The pool performs the actions: it resumes leases, arms idle timers and closes connections.
    /// No locks, sockets or clocks, so it is tested on its own.
    struct StateMachine<Connection: Identifiable & Sendable>: Sendable where Connection.ID: Sendable {
        /// What a lease is given.
        enum Grant: Sendable {
            /// An idle connection, already past its set-up.
            case idle(Connection)
            /// A place under the limit: the lease opens a connection itself, and reports `connectFailed` if it cannot.
            case open
        }

        /// In what state a lease gives its connection back.
        enum Return: Sendable, Hashable {
            /// Open and fit for another message.
            case reusable
            /// Open, but due to close: it has carried its maximum of messages, or its sender was cancelled.
            case retiring
            /// Already closed.
            case closed
        }

        /// What the pool should do next.
        enum Action: Sendable {
            case none
            /// Resume the lease `waiter` with `grant`.
            case resume(waiter: Int, Grant)
            /// Close `connection` (with QUIT while it is open), then report `connectionClosed`.
            case close(Connection)
            /// `connection` is idle: arm an idle timer that reports `idleTimerFired(timer)`.
            case park(Connection, timer: Int)
        }

        private struct IdleConnection: Sendable {
            let connection: Connection
            let timer: Int
        }

        /// The most places, and so connections, at once.
        let maximumConnections: Int
        /// Places taken: by leases opening a connection, and by connections leased, idle or closing.
        private(set) var openCount = 0
        /// Idle connections, the most recently used last: it is reused first, so the others can idle out.
        private var idle: [IdleConnection] = []
        /// Connections asked to close, whose places are taken until they have.
        private var closing: Set<Connection.ID> = []
        private var waiters = CircularBuffer<Int>()
        private var lastTimer = 0

        init(maximumConnections: Int) {
            self.maximumConnections = maximumConnections
        }

        /// How many connections are idle.
        var idleCount: Int { idle.count }
        /// How many leases wait for a connection.
        var waitingCount: Int { waiters.count }

        /// The lease `waiter` asks for a connection: idle, else a place to open one, else it waits its turn.
        mutating func lease(_ waiter: Int) -> Action {
            if let newest = idle.popLast() { return .resume(waiter: waiter, .idle(newest.connection)) }
            guard openCount < maximumConnections else {
                waiters.append(waiter)
                return .none
            }
            openCount += 1
            return .resume(waiter: waiter, .open)
        }

        /// The lease `waiter` was cancelled. Returns true when it was still waiting; it then gets nothing.
        mutating func cancel(_ waiter: Int) -> Bool {
            guard let index = waiters.firstIndex(of: waiter) else { return false }
            waiters.remove(at: index)
            return true
        }

        /// A lease gives its connection back.
        mutating func release(_ connection: Connection, _ state: Return) -> Action {
            switch state {
            case .closed:
                return freePlace()
            case .retiring:
                return close(connection)
            case .reusable:
                if let next = waiters.popFirst() { return .resume(waiter: next, .idle(connection)) }
                lastTimer += 1
                idle.append(IdleConnection(connection: connection, timer: lastTimer))
                return .park(connection, timer: lastTimer)
            }
        }

        /// A lease granted `.open` could not open its connection.
        mutating func connectFailed() -> Action {
            freePlace()
        }

        /// An idle timer went off; one armed for an earlier idle spell of a connection does nothing.
        mutating func idleTimerFired(_ timer: Int) -> Action {
            guard let index = idle.firstIndex(where: { $0.timer == timer }) else { return .none }
            return close(idle.remove(at: index).connection)
        }

        /// A connection has closed, whoever closed it. The place of an idle or closing one is free again;
        /// a leased one keeps its place until it comes back.
        mutating func connectionClosed(_ id: Connection.ID) -> Action {
            if closing.remove(id) != nil { return freePlace() }
            guard let index = idle.firstIndex(where: { $0.connection.id == id }) else { return .none }
            idle.remove(at: index)
            return freePlace()
        }

        private mutating func close(_ connection: Connection) -> Action {
            closing.insert(connection.id)
            return .close(connection)
        }

        /// Hands a place that came free to the longest waiting lease, if any.
        private mutating func freePlace() -> Action {
            if let next = waiters.popFirst() { return .resume(waiter: next, .open) }
            openCount -= 1
            return .none
        }
    }
}

extension SMTPConnectionPool.StateMachine.Grant: Equatable where Connection: Equatable {}
extension SMTPConnectionPool.StateMachine.Action: Equatable where Connection: Equatable {}
