import Foundation
import FlintSMTP
import Testing

/// End to end against a real SMTP server: aiosmtpd from the project's `.venv`, one per test.
@Suite("SMTPClient against aiosmtpd", .serialized)
struct SMTPClientIntegrationTests {
    static func configuration(
        _ sink: SMTPSink, security: SMTPConfiguration.Security = .none, host: String = "127.0.0.1",
        username: String? = nil, password: String? = nil, trust: SMTPConfiguration.TLSTrust? = nil
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: sink.port, username: username, password: password, security: security,
            heloName: "flint.test", timeouts: .init(connect: .seconds(5), command: .seconds(10)),
            tlsTrust: trust ?? (FileManager.default.fileExists(atPath: sink.caFile) ? .pemCAFile(sink.caFile) : .systemRoots)
        )
    }

    static func message(
        subject: String = "Welcome to Flint", text: String = "Hello Ada,\nwelcome aboard.\n", html: String? = nil,
        to: [EmailAddress]? = nil
    ) throws -> EmailMessage {
        try EmailMessage(
            from: EmailAddress("news@flint.example", name: "Flint News"),
            to: to ?? [EmailAddress("ada@example.com", name: "Ada Lovelace")],
            subject: subject, textBody: text, htmlBody: html
        )
    }

    /// What a sent text arrives as: CRLF line breaks normalised to LF (Python keeps CRLF from the wire).
    static func normalized(_ text: String?) -> String? { text?.replacingOccurrences(of: "\r\n", with: "\n") }

    @Test func plainDelivery() async throws {
        try await SMTPSink.with { sink in
            let message = try Self.message()
            let receipt = try await SMTPClient(configuration: Self.configuration(sink)).send(message)
            #expect(receipt.reply.code == 250)
            #expect(receipt.reply.text == "OK queued as 1")
            #expect(receipt.messageID == message.messageID)

            let received = try sink.messages()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.mail_from == "news@flint.example")
            #expect(mail.rcpt_tos == ["ada@example.com"])
            #expect(mail.headers["subject"] == "Welcome to Flint")
            #expect(mail.headers["from"] == "Flint News <news@flint.example>")
            #expect(mail.headers["to"] == "Ada Lovelace <ada@example.com>")
            #expect(mail.headers["message-id"] == message.messageID)
            #expect(mail.headers["mime-version"] == "1.0")
            #expect(mail.content_type == "text/plain")
            #expect(Self.normalized(mail.text) == "Hello Ada,\nwelcome aboard.\n")
            #expect(mail.defects.isEmpty)
            #expect(!mail.has_bare_lf)
            #expect(mail.longest_line <= 998)
            #expect(mail.mail_options == ["SIZE=\(MIMERenderer.render(message).count)"], "aiosmtpd announces SIZE, so MAIL FROM carries it")
            #expect(!mail.tls)
        }
    }

    @Test func multipartNonASCIIAndDotLinesArriveIntact() async throws {
        try await SMTPSink.with { sink in
            let text = """
                Grüße, Ada! 你好 🎉
                .a line that starts with a dot
                .
                ..two dots
                From the start of a line
                price = 5 € and trailing space\u{20}
                \(String(repeating: "long-line-", count: 300))
                """
            let html = "<html><body><p>Grüße, Ada! 你好 🎉</p>\n.<p>dot</p>\n\(String(repeating: "<b>x</b>", count: 400))</body></html>"
            let subject = "Grüße aus Zürich — 你好，世界 🎉 with a subject long enough to need several encoded words"
            let to = [try EmailAddress("ada@example.com", name: "Zoë Ødegård"), try EmailAddress("bob@example.com", name: "Lovelace, Ada")]
            let message = try Self.message(subject: subject, text: text, html: html, to: to)
            _ = try await SMTPClient(configuration: Self.configuration(sink)).send(message)

            let mail = try #require(try sink.messages().first)
            #expect(mail.rcpt_tos == ["ada@example.com", "bob@example.com"])
            #expect(mail.content_type == "multipart/alternative")
            #expect(mail.headers["subject"] == subject)
            #expect(mail.headers["to"] == "Zoë Ødegård <ada@example.com>, \"Lovelace, Ada\" <bob@example.com>")
            // The CRLF before a boundary belongs to the boundary, so parts arrive exactly as given.
            #expect(Self.normalized(mail.text) == text)
            #expect(Self.normalized(mail.html) == html)
            #expect(mail.defects.isEmpty)
            #expect(mail.longest_line <= 78)
        }
    }

    @Test func startTLSRequiredWithTheCATrusted() async throws {
        try await SMTPSink.with(.init(startTLS: true, requireStartTLS: true)) { sink in
            let receipt = try await SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired)).send(Self.message())
            #expect(receipt.reply.code == 250)
            let mail = try #require(try sink.messages().first)
            #expect(mail.tls)
        }
    }

    @Test func startTLSWhenOfferedVerifiesTheHostName() async throws {
        try await SMTPSink.with(.init(startTLS: true)) { sink in
            _ = try await SMTPClient(configuration: Self.configuration(sink, security: .startTLSWhenOffered, host: "localhost"))
                .send(Self.message())
            #expect(try sink.messages().first?.tls == true)
        }
    }

    @Test func untrustedCertificateIsAPermanentTLSFailure() async throws {
        try await SMTPSink.with(.init(startTLS: true)) { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSWhenOffered, trust: .systemRoots))
            let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message()) }
            #expect(error.kind == .tlsFailed)
            #expect(!error.isTransient)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func noVerificationAcceptsAnyCertificate() async throws {
        try await SMTPSink.with(.init(startTLS: true)) { sink in
            _ = try await SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired, trust: .noVerification))
                .send(Self.message())
            #expect(try sink.messages().first?.tls == true)
        }
    }

    @Test func implicitTLS() async throws {
        try await SMTPSink.with(.init(implicitTLS: true)) { sink in
            let receipt = try await SMTPClient(configuration: Self.configuration(sink, security: .implicitTLS)).send(Self.message())
            #expect(receipt.reply.code == 250)
            #expect(try sink.messages().count == 1)
        }
    }

    @Test func authPlainOverSTARTTLSFromAURL() async throws {
        try await SMTPSink.with(.init(startTLS: true, auth: ("ada@flint.example", "s3cret:/@é"))) { sink in
            let url = "smtp://ada%40flint.example:s3cret%3A%2F%40%C3%A9@127.0.0.1:\(sink.port)?tls=required&helo=flint.test&ca="
                + (sink.caFile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            _ = try await SMTPClient(configuration: SMTPConfiguration(url: url)).send(Self.message())
            let mail = try #require(try sink.messages().first)
            #expect(mail.authenticated && mail.tls)
        }
    }

    @Test func wrongCredentialsArePermanent() async throws {
        try await SMTPSink.with(.init(startTLS: true, auth: ("ada", "right"))) { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired, username: "ada", password: "wrong"))
            let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message()) }
            #expect(error.kind == .rejected)
            #expect(error.code == 535)
            #expect(error.command == "AUTH")
            #expect(!error.isTransient)
            #expect(!error.description.contains("wrong"))
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func authLoginInPlaintextWhenExplicitlyAllowed() async throws {
        try await SMTPSink.with(.init(auth: ("ada", "pw"), authAllowPlaintext: true, authExclude: ["PLAIN"])) { sink in
            _ = try await SMTPClient(configuration: Self.configuration(sink, security: .none, username: "ada", password: "pw"))
                .send(Self.message())
            let mail = try #require(try sink.messages().first)
            #expect(mail.authenticated && !mail.tls)
        }
    }

    @Test func credentialsAreNotSentWithoutTLS() async throws {
        try await SMTPSink.with(.init(auth: ("ada", "pw"), authAllowPlaintext: true)) { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSWhenOffered, username: "ada", password: "pw"))
            let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message()) }
            #expect(error.kind == .securityRequirementNotMet)
            #expect(!error.isTransient)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func startTLSRequiredButNotOffered() async throws {
        try await SMTPSink.with { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired))
            let error = try await #require(throws: SMTPError.self) { try await client.send(Self.message()) }
            #expect(error.kind == .securityRequirementNotMet)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test func sequentialSendsReuseOneAuthenticatedTLSSession() async throws {
        try await SMTPSink.with(.init(startTLS: true, auth: ("ada", "pw"))) { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired, username: "ada", password: "pw"))
            for index in 1...3 { _ = try await client.send(Self.message(subject: "Message \(index)")) }
            let received = try sink.messages()
            #expect(received.map { $0.headers["subject"] } == ["Message 1", "Message 2", "Message 3"])
            #expect(received.allSatisfy { $0.tls && $0.authenticated })
            #expect(Set(received.map(\.peer_port)).count == 1, "one connection, one handshake, one AUTH")
        }
    }

    @Test func concurrentSendsShareThePooledConnections() async throws {
        try await SMTPSink.with(.init(startTLS: true)) { sink in
            let client = SMTPClient(configuration: Self.configuration(sink, security: .startTLSRequired))
            let count = 20
            let started = ContinuousClock.now
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<count {
                    group.addTask { try await client.send(Self.message(subject: "Message \(index)")).messageID }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            let elapsed = ContinuousClock.now - started
            print("FlintSMTP: \(count) concurrent STARTTLS sends took \(elapsed)")
            #expect(ids.count == count)
            let received = try sink.messages()
            #expect(Set(received.compactMap { $0.headers["message-id"] }) == ids)
            #expect(Set(received.map(\.peer_port)).count <= SMTPConfiguration.Pool().maximumConnections)
        }
    }
}
