@testable import FlintSMTP
import NIOPosix
import Testing

/// The pool itself over real connections to the scripted server, where a test decides when a lease ends.
@Suite("SMTP connection pool", .timeLimit(.minutes(1)))
struct SMTPConnectionPoolTests {
    static func pool(port: Int, maximumConnections: Int) -> SMTPConnectionPool {
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .none)
        return SMTPConnectionPool(settings: .init(maximumConnections: maximumConnections)) {
            try await SMTPConnection.connect(
                configuration: configuration, tlsContext: nil, eventLoopGroup: MultiThreadedEventLoopGroup.singleton
            )
        }
    }

    /// Returns once `pool` has `count` waiting senders; the wait is bounded by the suite's time limit.
    static func waitForWaiters(_ count: Int, in pool: SMTPConnectionPool) async {
        while pool.waitingCount != count { await Task.yield() }
    }

    @Test func aCancelledWaiterLeavesTheQueueAndTheNextInLineGetsTheConnection() async throws {
        let server = try await ScriptedSMTPServer.start()
        let pool = Self.pool(port: server.port, maximumConnections: 1)
        let (release, releaseHolder) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await pool.withConnection { connection in
                for await _ in release { break }
                return connection.id
            }
        }
        try await server.waitForConnection()
        let cancelled = Task { try await pool.withConnection { $0.id } }
        await Self.waitForWaiters(1, in: pool)
        let next = Task { try await pool.withConnection { $0.id } }
        await Self.waitForWaiters(2, in: pool)

        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(pool.waitingCount == 1)
        releaseHolder.yield()
        let held = try await holder.value
        #expect(try await next.value == held, "the connection went to the waiter still in line")
        #expect(server.sessions.count == 1)
        #expect(pool.idleCount == 1)
        try await server.stop()
    }
}
