import FlintSMTP
import Testing

/// Connection reuse end to end against the scripted server, which counts connections and records commands.
@Suite("SMTPClient connection pool", .timeLimit(.minutes(1)))
struct SMTPClientPoolingTests {
    static func client(port: Int, pool: SMTPConfiguration.Pool = .init()) -> SMTPClient {
        SMTPClient(configuration: SMTPConfiguration(
            host: "127.0.0.1", port: port, security: .none, heloName: "flint.test",
            timeouts: .init(connect: .seconds(5), command: .seconds(10)), pool: pool
        ))
    }

    static func message(_ index: Int, to recipient: String = "ada@example.com") throws -> EmailMessage {
        try EmailMessage(
            from: EmailAddress("news@flint.example"), to: [EmailAddress(recipient)],
            subject: "Message \(index)", textBody: "Hello", messageID: "<message-\(index)@flint.example>"
        )
    }

    static func count(_ verb: String, in session: [String]) -> Int {
        session.filter { $0.hasPrefix(verb) }.count
    }

    @Test func sequentialMessagesShareOneSession() async throws {
        let server = try await ScriptedSMTPServer.start()
        let client = Self.client(port: server.port)
        for index in 1...3 {
            let receipt = try await client.send(Self.message(index))
            #expect(receipt.messageID == "<message-\(index)@flint.example>")
        }
        let sessions = server.sessions
        try #require(sessions.count == 1, "one connection for all three")
        #expect(Self.count("EHLO", in: sessions[0]) == 1, "one greeting and one EHLO")
        #expect(Self.count("MAIL FROM", in: sessions[0]) == 3)
        #expect(Self.count("RSET", in: sessions[0]) == 0, "nothing failed, so nothing to reset")
        #expect(server.deliveredMessageIDs == (1...3).map { "<message-\($0)@flint.example>" })
        try await server.stop()
    }

    @Test func concurrentMessagesUseAtMostThePoolsConnections() async throws {
        let server = try await ScriptedSMTPServer.start()
        let client = Self.client(port: server.port, pool: .init(maximumConnections: 2))
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 1...10 {
                group.addTask { try await client.send(Self.message(index)).messageID }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 10)
        #expect(Set(server.deliveredMessageIDs) == ids)
        #expect(server.sessions.count <= 2)
        #expect(server.peakConnections <= 2)
        try await server.stop()
    }

    @Test func theLimitHoldsUnderHeavyConcurrency() async throws {
        let server = try await ScriptedSMTPServer.start()
        let client = Self.client(port: server.port, pool: .init(maximumConnections: 3, maximumMessagesPerConnection: 7))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...60 {
                group.addTask { _ = try await client.send(Self.message(index)) }
            }
            try await group.waitForAll()
        }
        #expect(server.deliveredMessageIDs.count == 60)
        #expect(server.peakConnections <= 3, "retired connections are replaced, never added to")
        #expect(server.sessions.count >= 9, "60 messages at most 7 per connection")
        #expect(server.sessions.allSatisfy { Self.count("MAIL FROM", in: $0) <= 7 })
        try await server.stop()
    }

    @Test func aConnectionRetiresWithQUITAfterItsMaximumOfMessages() async throws {
        let server = try await ScriptedSMTPServer.start()
        let client = Self.client(port: server.port, pool: .init(maximumMessagesPerConnection: 2))
        for index in 1...5 { _ = try await client.send(Self.message(index)) }
        await server.waitForQuits(2)
        let sessions = server.sessions
        #expect(sessions.map { Self.count("MAIL FROM", in: $0) } == [2, 2, 1])
        #expect(sessions[0].last == "QUIT" && sessions[1].last == "QUIT")
        try await server.stop()
    }

    @Test func anIdleConnectionQuitsAfterTheIdleTimeout() async throws {
        let server = try await ScriptedSMTPServer.start()
        let client = Self.client(port: server.port, pool: .init(idleTimeout: .milliseconds(50)))
        _ = try await client.send(Self.message(1))
        await server.waitForQuits(1)
        #expect(server.sessions[0].last == "QUIT")
        _ = try await client.send(Self.message(2))
        #expect(server.sessions.count == 2, "the next message opens a new connection")
        try await server.stop()
    }

    @Test(arguments: [nil, "421 4.4.2 idle for too long, closing"] as [String?])
    func aConnectionTheServerDroppedIsRetriedOnAFreshOne(answer: String?) async throws {
        let server = try await ScriptedSMTPServer.start(repliesOnReuse: ["MAIL": answer])
        let client = Self.client(port: server.port)
        _ = try await client.send(Self.message(1))
        let receipt = try await client.send(Self.message(2))
        #expect(receipt.messageID == "<message-2@flint.example>")
        let sessions = server.sessions
        #expect(sessions.count == 2)
        #expect(sessions.first.map { Self.count("MAIL FROM", in: $0) } == 2, "tried on the old connection first")
        #expect(server.deliveredMessageIDs == ["<message-1@flint.example>", "<message-2@flint.example>"])
        try await server.stop()
    }

    @Test func aFailureAfterTheDataIsReportedNotRetried() async throws {
        let server = try await ScriptedSMTPServer.start(repliesOnReuse: [".": nil])
        let client = Self.client(port: server.port)
        _ = try await client.send(Self.message(1))
        let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message(2)) }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient, "the server may have the message; the caller retries with backoff")
        #expect(server.sessions.count == 1, "no silent second try")
        try await server.stop()
    }

    @Test func aRefusedRecipientLeavesTheConnectionUsable() async throws {
        let server = try await ScriptedSMTPServer.start(replies: ["RCPT TO:<nobody@example.com>": "550 5.1.1 no such user"])
        let client = Self.client(port: server.port)
        let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message(1, to: "nobody@example.com")) }
        #expect(error.code == 550)
        #expect(!error.isTransient)
        _ = try await client.send(Self.message(2))
        let sessions = server.sessions
        try #require(sessions.count == 1, "the refusal did not cost the connection")
        #expect(Array(sessions[0].suffix(5)) == ["RSET", "MAIL FROM:<news@flint.example>", "RCPT TO:<ada@example.com>", "DATA", "."])
        #expect(server.deliveredMessageIDs == ["<message-2@flint.example>"])
        try await server.stop()
    }

    @Test func cancelledSendersGiveTheirPlaceBack() async throws {
        let server = try await ScriptedSMTPServer.start(replies: ["RCPT TO:<slow@example.com>": ScriptedSMTPServer.noReply])
        let client = Self.client(port: server.port, pool: .init(maximumConnections: 1))
        let holder = Task { try await client.send(Self.message(1, to: "slow@example.com")) }
        try await server.waitForConnection()
        let waiter = Task { try await client.send(Self.message(2)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        holder.cancel()
        await #expect(throws: CancellationError.self) { try await holder.value }
        _ = try await client.send(Self.message(3))
        #expect(server.deliveredMessageIDs == ["<message-3@flint.example>"])
        try await server.stop()
    }
}
