@testable import FlintSMTP
import Testing

@Suite("SMTP dialogue state machine: failures")
struct SMTPDialogueFailureTests {
    @Test func greetingRefusedPermanently() {
        var script = DialogueScript()
        let error = script.failure(after: reply(554, "no service for you"))
        #expect(error == SMTPError(.rejected, code: 554, message: "no service for you"))
        #expect(error?.isTransient == false)
    }

    @Test func greetingBusyIsTransient() {
        var script = DialogueScript()
        let error = script.failure(after: reply(421, "too busy, try later"))
        #expect(error?.code == 421)
        #expect(error?.isTransient == true)
    }

    @Test func mailFromTemporaryFailureIsTransient() {
        var script = DialogueScript()
        _ = script.greet(extensions: [])
        let error = script.refusal(after: reply(451, "4.7.1 greylisted, try again"))
        #expect(error == SMTPError(.rejected, code: 451, message: "4.7.1 greylisted, try again", command: "MAIL"))
        #expect(error?.isTransient == true)
    }

    @Test func rejectedRecipientIsPermanentAndEndsTheTransactionOnly() {
        var script = DialogueScript(recipients: ["ada@example.com", "nobody@example.com"])
        _ = script.greet(extensions: [])
        script.step(reply(250), .send(.recipient("ada@example.com")))
        script.step(reply(250), .send(.recipient("nobody@example.com")))
        let error = script.refusal(after: .reply(SMTPReply(code: 550, lines: ["5.1.1 no such user", "see the docs"])))
        #expect(error?.command == "RCPT")
        #expect(error?.message == "5.1.1 no such user\nsee the docs")
        #expect(error?.isTransient == false)
    }

    @Test func dataRefusedBeforeOrAfterTheContent() {
        var before = DialogueScript()
        _ = before.greet(extensions: [])
        before.step(reply(250), .send(.recipient("ada@example.com")))
        before.step(reply(250), .send(.data))
        #expect(before.refusal(after: reply(503, "bad sequence"))?.command == "DATA")
        #expect(before.dialogue.state == .ready(needsReset: true), "DATA refused: the server still holds the envelope")

        var after = DialogueScript()
        _ = after.greet(extensions: [])
        after.step(reply(250), .send(.recipient("ada@example.com")))
        after.step(reply(250), .send(.data))
        after.step(reply(354), .send(.content(content)))
        let error = after.refusal(after: reply(552, "5.3.4 message too big"))
        #expect(error?.command == "DATA")
        #expect(error?.isTransient == false)
        #expect(after.dialogue.state == .ready(needsReset: false), "the reply to the data ends the transaction")
    }

    @Test func startTLSRequiredButNotOffered() {
        var script = DialogueScript(security: .startTLSRequired, credentials: .init(username: "ada", password: "pw"))
        #expect(script.greet(extensions: ["AUTH PLAIN"]) == .send(.quit), "neither AUTH nor MAIL is sent")
        guard case .close(.failed(let error)?) = script.dialogue.handle(reply(221)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .securityRequirementNotMet)
        #expect(error.message.contains("STARTTLS"))
        #expect(!error.isTransient)
    }

    @Test func startTLSRefusedByTheServer() {
        var script = DialogueScript(security: .startTLSRequired)
        #expect(script.greet(extensions: ["STARTTLS"]) == .send(.startTLS))
        let error = script.failure(after: reply(454, "4.7.0 TLS not available"))
        #expect(error?.command == "STARTTLS")
        #expect(error?.isTransient == true)
    }

    @Test func credentialsAreNotSentInPlaintext() {
        var script = DialogueScript(security: .startTLSWhenOffered, credentials: .init(username: "ada", password: "pw"))
        #expect(script.greet(extensions: ["AUTH PLAIN LOGIN"]) == .send(.quit))
        guard case .close(.failed(let error)?) = script.dialogue.handle(.connectionClosed) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .securityRequirementNotMet)
        #expect(error.message.contains("unencrypted"))
    }

    @Test func authenticationFailureIsPermanent() {
        var script = DialogueScript(security: .implicitTLS, credentials: .init(username: "ada", password: "wrong"))
        #expect(script.greet(extensions: ["AUTH PLAIN"]) == .send(.authPlain(initialResponse: base64("\0ada\0wrong"))))
        let error = script.failure(after: reply(535, "5.7.8 Authentication credentials invalid"))
        #expect(error == SMTPError(.rejected, code: 535, message: "5.7.8 Authentication credentials invalid", command: "AUTH"))
        #expect(error?.isTransient == false)
    }

    @Test func authLoginRefusedMidway() {
        var script = DialogueScript(security: .implicitTLS, credentials: .init(username: "ada", password: "pw"))
        #expect(script.greet(extensions: ["AUTH LOGIN"]) == .send(.authLogin))
        script.step(reply(334, "VXNlcm5hbWU6"), .send(.authResponse(base64("ada"))))
        #expect(script.failure(after: reply(454, "4.7.0 temporary auth failure"))?.isTransient == true)
    }

    @Test func noSupportedAuthMechanism() {
        var script = DialogueScript(security: .implicitTLS, credentials: .init(username: "ada", password: "pw"))
        #expect(script.greet(extensions: ["AUTH CRAM-MD5 XOAUTH2"]) == .send(.quit))
        guard case .close(.failed(let error)?) = script.dialogue.handle(reply(221)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .securityRequirementNotMet)
        #expect(error.message.contains("CRAM-MD5 XOAUTH2"))
    }

    @Test func messageLargerThanTheServerAcceptsIsRefusedWithoutTouchingTheSession() {
        var script = DialogueScript()
        guard case .report(.failed(let error)) = script.greet(extensions: ["SIZE 10"]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .invalidMessage)
        #expect(!error.isTransient)
        #expect(script.dialogue.state == .ready(needsReset: false), "nothing was sent, so nothing needs clearing")
    }

    @Test func timeoutClosesAtOnceAndIsTransient() {
        var script = DialogueScript()
        _ = script.greet(extensions: [])
        let action = script.dialogue.handle(.timedOut)
        #expect(action == .close(.failed(SMTPError(.timeout, message: "no reply to MAIL in time", command: "MAIL"))))
        guard case .close(.failed(let error)?) = action else { return }
        #expect(error.isTransient)
        script.step(.connectionClosed, .wait)
    }

    @Test func connectionLostMidDialogueIsTransient() {
        var script = DialogueScript()
        guard case .close(.failed(let error)?) = script.dialogue.handle(.connectionClosed) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient)
    }

    @Test func replyInsteadOfTLSHandshakeIsAProtocolViolation() {
        var script = DialogueScript(security: .startTLSRequired)
        _ = script.greet(extensions: ["STARTTLS"])
        script.step(reply(220, "go"), .startTLS)
        guard case .close(.failed(let error)?) = script.dialogue.handle(reply(250, "injected")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .protocolViolation)
    }

    @Test func tlsStartedOutOfTurnIsAProtocolViolation() {
        var script = DialogueScript()
        guard case .close(.failed(let error)?) = script.dialogue.handle(.tlsStarted) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .protocolViolation)
    }

    @Test func connectionErrorsEndTheDialogueWithThatError() {
        var script = DialogueScript()
        _ = script.greet(extensions: [])
        let tls = SMTPError(.tlsFailed, message: "certificate not trusted")
        script.step(.failed(tls), .close(.failed(tls)))
    }

    @Test func errorKindsMapToTransience() {
        #expect(SMTPError(.connectionFailed, message: "").isTransient)
        #expect(SMTPError(.timeout, message: "").isTransient)
        #expect(SMTPError(.rejected, code: 450, message: "").isTransient)
        #expect(!SMTPError(.rejected, code: 550, message: "").isTransient)
        #expect(!SMTPError(.tlsFailed, message: "").isTransient)
        #expect(!SMTPError(.invalidConfiguration, message: "").isTransient)
        #expect(SMTPError(.rejected, code: 535, message: "bad", command: "AUTH").description == "SMTPError.rejected 535 (AUTH): bad")
    }
}
