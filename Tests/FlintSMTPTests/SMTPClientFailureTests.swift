import FlintSMTP
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Client failures that need a misbehaving server or none at all: a scripted NIO server stands in.
@Suite("SMTPClient failures")
struct SMTPClientFailureTests {
    static func client(port: Int, security: SMTPConfiguration.Security = .none, command: Duration = .seconds(10)) -> SMTPClient {
        SMTPClient(configuration: SMTPConfiguration(
            host: "127.0.0.1", port: port, security: security,
            timeouts: .init(connect: .seconds(5), command: command), tlsTrust: .noVerification
        ))
    }

    static let message = try! EmailMessage(
        from: EmailAddress("news@flint.example"), to: [EmailAddress("ada@example.com")], subject: "Hi", textBody: "Hello"
    )

    @Test func connectionRefusedIsTransient() async throws {
        let port = try await ScriptedSMTPServer.unusedPort()
        let error = try await #require(throws: SMTPError.self) { try await Self.client(port: port).send(Self.message) }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient)
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: nil, replies: [:])
        let started = ContinuousClock.now
        let error = try await #require(throws: SMTPError.self) {
            try await Self.client(port: server.port, command: .milliseconds(300)).send(Self.message)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(error.kind == .timeout)
        #expect(error.isTransient)
        try await server.stop()
    }

    @Test func busyGreetingIsTransient() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: "421 4.3.2 try again later", replies: [:])
        let error = try await #require(throws: SMTPError.self) { try await Self.client(port: server.port).send(Self.message) }
        #expect(error.code == 421)
        #expect(error.isTransient)
        try await server.stop()
    }

    @Test func hangUpMidDialogueIsTransient() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: "220 hi", replies: ["EHLO": "250 hello", "MAIL": nil])
        let error = try await #require(throws: SMTPError.self) { try await Self.client(port: server.port).send(Self.message) }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient)
        try await server.stop()
    }

    @Test func plaintextInjectedAfterSTARTTLSIsRefused() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: "220 hi", replies: [
            "EHLO": "250-hello\r\n250 STARTTLS",
            "STARTTLS": "220 go ahead\r\n250-injected before the handshake",
        ])
        let error = try await #require(throws: SMTPError.self) {
            try await Self.client(port: server.port, security: .startTLSRequired).send(Self.message)
        }
        #expect(error.kind == .protocolViolation)
        try await server.stop()
    }

    @Test func garbageRepliesAreProtocolViolations() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: "HTTP/1.1 400 Bad Request", replies: [:])
        let error = try await #require(throws: SMTPError.self) { try await Self.client(port: server.port).send(Self.message) }
        #expect(error.kind == .protocolViolation)
        try await server.stop()
    }

    @Test func unreadableCAFileIsAConfigurationError() async throws {
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: 1, tlsTrust: .pemCAFile("/nonexistent/ca.pem")))
        let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message) }
        #expect(error.kind == .invalidConfiguration)
        #expect(!error.isTransient)
    }

    @Test func cancellationClosesTheConnection() async throws {
        let server = try await ScriptedSMTPServer.start(greeting: nil, replies: [:])
        let client = Self.client(port: server.port, command: .seconds(60))
        let task = Task { try await client.send(Self.message) }
        try await server.waitForConnection()
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        try await server.stop()
    }
}
