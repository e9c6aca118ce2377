@testable import FlintSMTP
import Testing

/// The pool's decisions without sockets, locks or clocks: limits, first come first served, idle timers,
/// places held until connections have closed, and cancellation.
@Suite("SMTP connection pool state machine")
struct SMTPConnectionPoolStateMachineTests {
    struct Connection: Identifiable, Equatable {
        let id: Int
    }

    typealias Machine = SMTPConnectionPool.StateMachine<Connection>

    /// Checks a value computed outside `#expect`, which cannot hold a mutating call.
    func verify<Value: Equatable>(
        _ actual: Value, _ expected: Value, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual == expected, comment, sourceLocation: sourceLocation)
    }

    let first = Connection(id: 1)
    let second = Connection(id: 2)

    /// A pool of `limit` whose first `limit` leases (ids 1...) were granted places and gave back their connections.
    func poolWithIdleConnections(limit: Int) -> Machine {
        var machine = Machine(maximumConnections: limit)
        for id in 1...limit { verify(machine.lease(id), .resume(waiter: id, .open)) }
        for id in 1...limit { verify(machine.release(Connection(id: id), .reusable), .park(Connection(id: id), timer: id)) }
        return machine
    }

    @Test func opensUpToTheLimitThenQueues() {
        var machine = Machine(maximumConnections: 2)
        verify(machine.lease(1), .resume(waiter: 1, .open))
        verify(machine.lease(2), .resume(waiter: 2, .open))
        verify(machine.lease(3), .none)
        verify(machine.lease(4), .none)
        #expect(machine.openCount == 2)
        #expect(machine.waitingCount == 2)
    }

    @Test func aReturnedConnectionGoesToTheLongestWaiting() {
        var machine = Machine(maximumConnections: 2)
        for id in 1...4 { _ = machine.lease(id) }
        verify(machine.release(second, .reusable), .resume(waiter: 3, .idle(second)))
        verify(machine.release(first, .reusable), .resume(waiter: 4, .idle(first)))
        #expect(machine.waitingCount == 0)
        #expect(machine.openCount == 2)
    }

    @Test func theMostRecentlyUsedIdleConnectionIsReusedFirst() {
        var machine = poolWithIdleConnections(limit: 2)
        #expect(machine.idleCount == 2)
        verify(machine.lease(3), .resume(waiter: 3, .idle(second)), "the older one is left to idle out")
        verify(machine.lease(4), .resume(waiter: 4, .idle(first)))
        verify(machine.lease(5), .none)
    }

    @Test func anIdleTimerClosesTheConnectionButAnEarlierOneDoesNothing() {
        var machine = poolWithIdleConnections(limit: 1)
        verify(machine.lease(2), .resume(waiter: 2, .idle(first)))
        verify(machine.release(first, .reusable), .park(first, timer: 2))
        verify(machine.idleTimerFired(1), .none, "armed for the idle spell that ended when lease 2 took it")
        verify(machine.idleTimerFired(2), .close(first))
        verify(machine.lease(3), .none, "the place stays taken while QUIT is under way")
        verify(machine.connectionClosed(first.id), .resume(waiter: 3, .open))
        #expect(machine.openCount == 1)
    }

    @Test func aRetiringConnectionKeepsItsPlaceUntilItHasClosed() {
        var machine = Machine(maximumConnections: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        verify(machine.release(first, .retiring), .close(first))
        #expect(machine.openCount == 1)
        verify(machine.connectionClosed(first.id), .resume(waiter: 2, .open), "then its place goes to the waiter")
        verify(machine.connectionClosed(first.id), .none, "only once")
        verify(machine.release(second, .retiring), .close(second))
        verify(machine.connectionClosed(second.id), .none)
        #expect(machine.openCount == 0)
    }

    @Test func aClosedConnectionFreesItsPlaceWhenItComesBack() {
        var machine = Machine(maximumConnections: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        verify(machine.connectionClosed(first.id), .none, "a leased connection is dealt with when it comes back")
        verify(machine.release(first, .closed), .resume(waiter: 2, .open))
        verify(machine.release(second, .closed), .none)
        #expect(machine.openCount == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() {
        var machine = Machine(maximumConnections: 1)
        for id in 1...3 { _ = machine.lease(id) }
        verify(machine.cancel(2), true)
        verify(machine.cancel(2), false, "only once")
        verify(machine.cancel(1), false, "a granted lease is not waiting")
        verify(machine.release(first, .reusable), .resume(waiter: 3, .idle(first)))
    }

    @Test func aFailedConnectFreesThePlaceForTheNextWaiter() {
        var machine = Machine(maximumConnections: 1)
        _ = machine.lease(1)
        _ = machine.lease(2)
        verify(machine.connectFailed(), .resume(waiter: 2, .open))
        verify(machine.connectFailed(), .none)
        #expect(machine.openCount == 0)
    }

    @Test func aConnectionClosedWhileIdleIsForgotten() {
        var machine = poolWithIdleConnections(limit: 2)
        verify(machine.connectionClosed(second.id), .none)
        #expect(machine.idleCount == 1)
        #expect(machine.openCount == 1)
        verify(machine.idleTimerFired(2), .none, "its timer finds nothing")
        verify(machine.lease(3), .resume(waiter: 3, .idle(first)))
        verify(machine.lease(4), .resume(waiter: 4, .open), "its place is free")
    }
}
