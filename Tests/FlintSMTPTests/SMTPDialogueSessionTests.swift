@testable import FlintSMTP
import Testing

/// One session carrying several transactions: reuse, RSET after a refusal midway, stale connections.
@Suite("SMTP dialogue state machine: sessions")
struct SMTPDialogueSessionTests {
    static let second = DialogueScript.envelope(recipients: ["bob@example.com"], messageID: "<id-2@flint.example>")
    static let secondAccepted = SMTPReceipt(reply: SMTPReply(code: 250, lines: ["OK queued as 43"]), messageID: "<id-2@flint.example>")

    /// A session past set-up that has delivered the script's envelope, ready for the next.
    static func reusedSession() -> DialogueScript {
        var script = DialogueScript(security: .none)
        #expect(script.greet(extensions: ["SIZE 1000"]) == .send(.mailFrom("news@flint.example", size: 22)))
        deliver(&script, recipient: "ada@example.com", receipt: accepted, queued: "OK queued as 42")
        return script
    }

    /// Answers the rest of a transaction whose MAIL FROM was just sent.
    static func deliver(_ script: inout DialogueScript, recipient: String, receipt: SMTPReceipt, queued: String) {
        script.step(reply(250), .send(.recipient(recipient)))
        script.step(reply(250), .send(.data))
        script.step(reply(354), .send(.content(content)))
        script.step(reply(250, queued), .report(.delivered(receipt)))
    }

    @Test func twoMessagesOnOneSessionSkipTheSetUp() {
        var script = Self.reusedSession()
        #expect(script.dialogue.isReused)
        script.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)), "straight to MAIL FROM: no greeting, EHLO or AUTH")
        Self.deliver(&script, recipient: "bob@example.com", receipt: Self.secondAccepted, queued: "OK queued as 43")
        script.step(.quit, .send(.quit))
        script.step(reply(221, "bye"), .close(nil))
    }

    @Test func aRefusedRecipientIsClearedWithRSETBeforeTheNextMessage() {
        var script = DialogueScript(security: .none, recipients: ["ada@example.com", "nobody@example.com"])
        _ = script.greet(extensions: [])
        script.step(reply(250), .send(.recipient("ada@example.com")))
        script.step(reply(250), .send(.recipient("nobody@example.com")))
        let error = script.refusal(after: reply(550, "5.1.1 no such user"))
        #expect(error == SMTPError(.rejected, code: 550, message: "5.1.1 no such user", command: "RCPT"))
        #expect(script.dialogue.state == .ready(needsReset: true))

        script.offer(Self.second, .send(.reset))
        script.step(reply(250, "flushed"), .send(.mailFrom("news@flint.example", size: nil)))
        Self.deliver(&script, recipient: "bob@example.com", receipt: Self.secondAccepted, queued: "OK queued as 43")
        #expect(script.dialogue.state == .ready(needsReset: false))
    }

    @Test func aRefusedSenderNeedsNoRSET() {
        var script = Self.reusedSession()
        script.offer(.send(.mailFrom("news@flint.example", size: 22)))
        #expect(script.refusal(after: reply(553, "5.7.1 sender not allowed"))?.command == "MAIL")
        script.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
    }

    @Test func aRefusedRSETEndsTheSessionAndTheMessageMayGoOutElsewhere() {
        var script = Self.reusedSession()
        script.offer(.send(.mailFrom("news@flint.example", size: 22)))
        script.step(reply(250), .send(.recipient("ada@example.com")))
        _ = script.refusal(after: reply(550, "no"))
        script.offer(Self.second, .send(.reset))
        script.step(reply(502, "RSET not implemented"), .send(.quit))
        script.step(reply(221), .close(.stale(SMTPError(.rejected, code: 502, message: "RSET not implemented", command: "RSET"))))
    }

    @Test func a421ToMAILFROMOnAReusedSessionIsStale() {
        var script = Self.reusedSession()
        script.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
        let error = SMTPError(.rejected, code: 421, message: "4.4.2 idle for too long, closing", command: "MAIL")
        script.step(reply(421, "4.4.2 idle for too long, closing"), .close(.stale(error)), "closes at once: the server hangs up")
        script.step(.connectionClosed, .wait)
    }

    @Test func a421ToMAILFROMOnAFreshSessionIsAnOrdinaryTransientFailure() {
        var script = DialogueScript(security: .none)
        _ = script.greet(extensions: [])
        let action = script.dialogue.handle(reply(421, "4.3.2 shutting down"))
        #expect(action == .close(.failed(SMTPError(.rejected, code: 421, message: "4.3.2 shutting down", command: "MAIL"))))
        guard case .close(.failed(let error)?) = action else { return }
        #expect(error.isTransient)
    }

    @Test func aConnectionLostBeforeMAILFROMWasAcceptedIsStale() {
        for input in [SMTPDialogue.Input.connectionClosed, .timedOut, .failed(SMTPError(.connectionFailed, message: "reset by peer"))] {
            var script = Self.reusedSession()
            script.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
            guard case .close(.stale(let error)?) = script.dialogue.handle(input) else {
                Issue.record("\(input) on a reused session before MAIL FROM was accepted is not stale")
                continue
            }
            #expect(error.isTransient)
        }
    }

    @Test func aConnectionLostAfterMAILFROMWasAcceptedIsNeverStale() {
        var afterMail = Self.reusedSession()
        afterMail.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
        afterMail.step(reply(250), .send(.recipient("bob@example.com")))
        afterMail.step(.connectionClosed, .close(.failed(SMTPError(
            .connectionFailed, message: "the server closed the connection while waiting for the reply to RCPT", command: "RCPT"))))

        var afterData = Self.reusedSession()
        afterData.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
        afterData.step(reply(250), .send(.recipient("bob@example.com")))
        afterData.step(reply(250), .send(.data))
        afterData.step(reply(354), .send(.content(content)))
        guard case .close(.failed(let error)?) = afterData.dialogue.handle(.timedOut) else {
            Issue.record("a timeout after the data must be reported, not retried")
            return
        }
        #expect(error.kind == .timeout)
        #expect(error.isTransient, "the server may have taken the message; the caller retries with backoff")
    }

    @Test func a421MidwayEndsTheSessionWithoutRetry() {
        var script = Self.reusedSession()
        script.offer(Self.second, .send(.mailFrom("news@flint.example", size: 22)))
        script.step(reply(250), .send(.recipient("bob@example.com")))
        script.step(reply(421, "4.3.2 going down"), .close(.failed(SMTPError(.rejected, code: 421, message: "4.3.2 going down", command: "RCPT"))))
    }

    @Test func anIdleSessionThatTheServerClosesIsStaleWhenNextOffered() {
        var script = Self.reusedSession()
        script.step(reply(421, "4.4.2 timeout, closing"), .close(nil), "nobody waits while idle")
        script.offer(Self.second, .decline(.stale(SMTPError(.connectionFailed, message: "the connection closed while idle"))))

        var closed = Self.reusedSession()
        closed.step(.connectionClosed, .close(nil))
        closed.step(.quit, .wait)
    }

    @Test func anEnvelopeOfferedWhileBusyIsRefusedAndTheTransactionGoesOn() {
        var script = DialogueScript(security: .none)
        _ = script.greet(extensions: [])
        script.offer(Self.second, .decline(.failed(SMTPError(.connectionFailed, message: "the connection is busy with another message"))))
        Self.deliver(&script, recipient: "ada@example.com", receipt: accepted, queued: "OK queued as 42")
    }

    @Test func quitDuringSetUpCutsTheConnection() {
        var script = DialogueScript()
        script.step(.quit, .close(.failed(SMTPError(.connectionFailed, message: "the client closed the connection"))))
        script.step(reply(220, "late greeting"), .wait)
    }
}
