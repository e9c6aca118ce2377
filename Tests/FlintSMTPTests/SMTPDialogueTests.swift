import Foundation
@testable import FlintSMTP
import Testing

/// Drives an `SMTPDialogue` through a scripted conversation, checking each action.
struct DialogueScript {
    var dialogue: SMTPDialogue
    /// The envelope `greet` and `offer` hand to the session.
    var envelope: SMTPEnvelope

    init(
        security: SMTPConfiguration.Security = .startTLSWhenOffered,
        credentials: SMTPDialogue.Credentials? = nil,
        recipients: [String] = ["ada@example.com"]
    ) {
        dialogue = SMTPDialogue(security: security, heloName: "client.test", credentials: credentials)
        envelope = DialogueScript.envelope(recipients: recipients)
    }

    static func envelope(recipients: [String], messageID: String = "<id-1@flint.example>") -> SMTPEnvelope {
        SMTPEnvelope(
            sender: "news@flint.example", recipients: recipients,
            content: Array("Subject: hi\r\n\r\n..dot\r\n.\r\n".utf8), size: 22, messageID: messageID
        )
    }

    mutating func step(
        _ input: SMTPDialogue.Input, _ expected: SMTPDialogue.Action, _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let action = dialogue.handle(input)
        #expect(action == expected, comment, sourceLocation: sourceLocation)
    }

    /// Offers `envelope` to the session, checking the first action.
    mutating func offer(
        _ envelope: SMTPEnvelope, _ expected: SMTPDialogue.Action, _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        step(.send(envelope), expected, comment, sourceLocation: sourceLocation)
    }

    /// Offers the script's own envelope to the session, checking the first action.
    mutating func offer(_ expected: SMTPDialogue.Action, sourceLocation: SourceLocation = #_sourceLocation) {
        offer(envelope, expected, sourceLocation: sourceLocation)
    }

    /// Feeds `input` and returns the error the session ends with after its QUIT is answered.
    mutating func failure(after input: SMTPDialogue.Input, sourceLocation: SourceLocation = #_sourceLocation) -> SMTPError? {
        step(input, .send(.quit), sourceLocation: sourceLocation)
        guard case .close(.failed(let error)?) = dialogue.handle(reply(221, "bye")) else {
            Issue.record("dialogue did not close with a failure", sourceLocation: sourceLocation)
            return nil
        }
        return error
    }

    /// Feeds `input` and returns the error the transaction ends with while the session goes on.
    mutating func refusal(after input: SMTPDialogue.Input, sourceLocation: SourceLocation = #_sourceLocation) -> SMTPError? {
        guard case .report(.failed(let error)) = dialogue.handle(input) else {
            Issue.record("the transaction did not end with a failure", sourceLocation: sourceLocation)
            return nil
        }
        #expect(dialogue.state == .ready(needsReset: true) || dialogue.state == .ready(needsReset: false), sourceLocation: sourceLocation)
        return error
    }

    /// Greeting and EHLO with the given extension lines; once the session is ready, the script's envelope
    /// is offered and the first action of its transaction returned.
    mutating func greet(extensions: [String], sourceLocation: SourceLocation = #_sourceLocation) -> SMTPDialogue.Action {
        step(reply(220, "mx.test ESMTP"), .send(.ehlo("client.test")), sourceLocation: sourceLocation)
        let action = dialogue.handle(.reply(SMTPReply(code: 250, lines: ["mx.test"] + extensions)))
        guard action == .report(.ready) else { return action }
        return dialogue.handle(.send(envelope))
    }
}

func reply(_ code: Int, _ lines: String...) -> SMTPDialogue.Input {
    .reply(SMTPReply(code: code, lines: lines))
}

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

let content = DialogueScript.envelope(recipients: []).content
let accepted = SMTPReceipt(reply: SMTPReply(code: 250, lines: ["OK queued as 42"]), messageID: "<id-1@flint.example>")

@Suite("SMTP dialogue state machine: successful paths")
struct SMTPDialogueSuccessTests {
    @Test func plainDeliveryToTwoRecipients() {
        var script = DialogueScript(security: .none, recipients: ["ada@example.com", "bob@example.com"])
        #expect(script.greet(extensions: ["STARTTLS", "8BITMIME"]) == .send(.mailFrom("news@flint.example", size: nil)),
                "security none ignores STARTTLS")
        script.step(reply(250, "sender ok"), .send(.recipient("ada@example.com")))
        script.step(reply(250, "ok"), .send(.recipient("bob@example.com")))
        script.step(reply(251, "will forward"), .send(.data))
        script.step(reply(354, "go ahead"), .send(.content(content)))
        script.step(reply(250, "OK queued as 42"), .report(.delivered(accepted)))
        script.step(.quit, .send(.quit))
        script.step(reply(221, "bye"), .close(nil))
        script.step(.connectionClosed, .wait)
        script.step(reply(250, "late"), .wait)
    }

    @Test func startTLSWhenOfferedThenEHLOAgainThenAuthPlain() {
        var script = DialogueScript(credentials: .init(username: "ada", password: "s3cret é"))
        #expect(script.greet(extensions: ["STARTTLS", "SIZE 1000"]) == .send(.startTLS))
        #expect(!script.dialogue.isTLS)
        script.step(reply(220, "ready to start TLS"), .startTLS)
        script.step(.tlsStarted, .send(.ehlo("client.test")))
        #expect(script.dialogue.isTLS)
        script.step(.reply(SMTPReply(code: 250, lines: ["mx.test", "STARTTLS", "AUTH LOGIN PLAIN", "SIZE 1000"])),
                    .send(.authPlain(initialResponse: base64("\0ada\0s3cret é"))))
        script.step(reply(235, "2.7.0 Authentication successful"), .report(.ready))
        script.offer(.send(.mailFrom("news@flint.example", size: 22)))
        script.step(reply(250), .send(.recipient("ada@example.com")))
        script.step(reply(250), .send(.data))
        script.step(reply(354), .send(.content(content)))
        script.step(reply(250, "OK queued as 42"), .report(.delivered(accepted)))
        script.step(.connectionClosed, .close(nil), "closed while idle: no one waits for an outcome")
    }

    @Test func authLoginWhenPlainIsNotOffered() {
        var script = DialogueScript(security: .implicitTLS, credentials: .init(username: "ada", password: "pw"))
        #expect(script.dialogue.isTLS)
        #expect(script.greet(extensions: ["AUTH LOGIN CRAM-MD5"]) == .send(.authLogin))
        script.step(reply(334, "VXNlcm5hbWU6"), .send(.authResponse(base64("ada"))))
        script.step(reply(334, "UGFzc3dvcmQ6"), .send(.authResponse(base64("pw"))))
        script.step(reply(235), .report(.ready))
        script.offer(.send(.mailFrom("news@flint.example", size: nil)))
    }

    @Test func startTLSWhenOfferedButNotOfferedSendsWithoutTLS() {
        var script = DialogueScript()
        #expect(script.greet(extensions: ["8BITMIME"]) == .send(.mailFrom("news@flint.example", size: nil)))
        #expect(!script.dialogue.isTLS)
    }

    @Test func ehloRefusedFallsBackToHELO() {
        var script = DialogueScript()
        script.step(reply(220, "old server"), .send(.ehlo("client.test")))
        script.step(reply(502, "command not implemented"), .send(.helo("client.test")))
        script.step(reply(250, "hello"), .report(.ready))
        script.offer(.send(.mailFrom("news@flint.example", size: nil)))
    }

    @Test func credentialsMayGoInPlaintextOnlyWithSecurityNone() {
        var script = DialogueScript(security: .none, credentials: .init(username: "ada", password: "pw"))
        #expect(script.greet(extensions: ["AUTH PLAIN"]) == .send(.authPlain(initialResponse: base64("\0ada\0pw"))))
    }

    @Test func quitThatIsNeverAnsweredStillCloses() {
        var script = DialogueScript(security: .none)
        _ = script.greet(extensions: [])
        script.step(reply(250), .send(.recipient("ada@example.com")))
        script.step(reply(250), .send(.data))
        script.step(reply(354), .send(.content(content)))
        script.step(reply(250, "OK queued as 42"), .report(.delivered(accepted)), "delivered before any QUIT")
        script.step(.quit, .send(.quit))
        script.step(.timedOut, .close(nil))
    }

    @Test func commandsRenderToTheWire() {
        #expect(SMTPCommand.ehlo("client.test").bytes == Array("EHLO client.test\r\n".utf8))
        #expect(SMTPCommand.mailFrom("a@b.c", size: 10).bytes == Array("MAIL FROM:<a@b.c> SIZE=10\r\n".utf8))
        #expect(SMTPCommand.recipient("x@y.z").bytes == Array("RCPT TO:<x@y.z>\r\n".utf8))
        #expect(SMTPCommand.content([1, 2]).bytes == [1, 2])
        #expect(SMTPCommand.reset.bytes == Array("RSET\r\n".utf8))
        #expect(!SMTPCommand.authPlain(initialResponse: "c2VjcmV0").description.contains("c2VjcmV0"))
        #expect(!SMTPCommand.authResponse("c2VjcmV0").description.contains("c2VjcmV0"))
    }
}
