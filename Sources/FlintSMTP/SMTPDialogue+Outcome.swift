extension SMTPDialogue {
    /// What the dialogue reports to whoever waits on the session: its set-up, or the transaction under way.
    enum Outcome: Sendable, Hashable {
        /// Set-up finished: the session is ready for its first envelope.
        case ready
        /// The server accepted the message.
        case delivered(SMTPReceipt)
        /// The set-up or the transaction failed with this error.
        case failed(SMTPError)
        /// A reused session whose connection turned out closed before the server accepted MAIL FROM, most
        /// likely dropped by the server while idle: the message cannot have reached the server, so it may go
        /// out again on a fresh connection. The error says what happened, should that not be possible.
        case stale(SMTPError)
    }

    /// An envelope offered outside `ready` is refused and the session left as it is: the session has
    /// ended (the connection closed while idle, so it went stale) or is busy (handed out twice, a bug).
    var notReady: Outcome {
        switch state {
        case .quitting, .closed:
            staleOrFailed(SMTPError(.connectionFailed, message: "the connection closed while idle"), beforeMail: true)
        default:
            .failed(SMTPError(.connectionFailed, message: "the connection is busy with another message"))
        }
    }

    /// How `error`, which ends the session, is reported in the current state.
    func outcome(ending error: SMTPError) -> Outcome {
        guard case .sending(let transaction) = state else { return .failed(error) }
        return staleOrFailed(error, beforeMail: transaction.isBeforeMailFromAccepted)
    }

    /// A reused session lost before the server accepted MAIL FROM went stale: the message may go out again.
    private func staleOrFailed(_ error: SMTPError, beforeMail: Bool) -> Outcome {
        isReused && beforeMail ? .stale(error) : .failed(error)
    }
}
