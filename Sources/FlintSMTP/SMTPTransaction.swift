/// One mail transaction as a pure state machine: RSET first when the session's previous transaction was
/// refused midway, then MAIL FROM → RCPT TO each → DATA → the message. `SMTPDialogue` runs one at a time.
///
/// It only follows the replies; what a refusal means for the session (close on 421, QUIT when RSET fails,
/// carry on otherwise) is the dialogue's decision.
struct SMTPTransaction: Sendable, Hashable {
    /// The command whose reply is awaited.
    enum Stage: Sendable, Hashable {
        case resetting
        case mailFrom
        case recipient(index: Int)
        case dataReady
        case dataAccepted
    }

    /// What follows a reply.
    enum Step: Sendable, Hashable {
        /// Write the command and wait for its reply.
        case send(SMTPCommand)
        /// The server accepted the message.
        case delivered(SMTPReceipt)
        /// The server refused the command of the current stage, which stays as it was.
        case refused(SMTPError)
    }

    let envelope: SMTPEnvelope
    private(set) var stage: Stage
    private let announcesSize: Bool

    /// A transaction for `envelope`; `resetFirst` after a refused one, `announcesSize` when the server takes `SIZE=`.
    init(envelope: SMTPEnvelope, resetFirst: Bool, announcesSize: Bool) {
        self.envelope = envelope
        self.stage = resetFirst ? .resetting : .mailFrom
        self.announcesSize = announcesSize
    }

    /// The command that opens the transaction.
    var firstCommand: SMTPCommand { stage == .resetting ? .reset : mailFrom }

    /// Whether the server has not accepted MAIL FROM yet, so the message cannot have reached it.
    var isBeforeMailFromAccepted: Bool { stage == .resetting || stage == .mailFrom }

    /// Whether a refusal now leaves a transaction open on the server, to be cleared with RSET: after
    /// MAIL FROM was accepted and before the data. Once the data is answered the server has ended it.
    var refusalNeedsReset: Bool {
        switch stage {
        case .recipient, .dataReady: true
        case .resetting, .mailFrom, .dataAccepted: false
        }
    }

    /// Advances by one reply.
    mutating func handle(_ reply: SMTPReply) -> Step {
        switch stage {
        case .resetting:
            guard reply.isPositiveCompletion else { return .refused(.rejected(reply, command: "RSET")) }
            return advance(to: .mailFrom, sending: mailFrom)
        case .mailFrom:
            guard reply.isPositiveCompletion else { return .refused(.rejected(reply, command: "MAIL")) }
            return advance(to: .recipient(index: 0), sending: .recipient(envelope.recipients[0]))
        case .recipient(let index):
            guard reply.isPositiveCompletion else { return .refused(.rejected(reply, command: "RCPT")) }
            let next = index + 1
            guard next < envelope.recipients.count else { return advance(to: .dataReady, sending: .data) }
            return advance(to: .recipient(index: next), sending: .recipient(envelope.recipients[next]))
        case .dataReady:
            guard reply.code == 354 else { return .refused(.rejected(reply, command: "DATA")) }
            return advance(to: .dataAccepted, sending: .content(envelope.content))
        case .dataAccepted:
            guard reply.isPositiveCompletion else { return .refused(.rejected(reply, command: "DATA")) }
            return .delivered(SMTPReceipt(reply: reply, messageID: envelope.messageID))
        }
    }

    private var mailFrom: SMTPCommand {
        .mailFrom(envelope.sender, size: announcesSize ? envelope.size : nil)
    }

    private mutating func advance(to next: Stage, sending command: SMTPCommand) -> Step {
        stage = next
        return .send(command)
    }
}
