import Foundation

/// The client side of one SMTP transaction as a pure state machine: it is told what happened
/// (a reply, the TLS handshake finished, a timeout, the connection closed) and answers with what to do.
///
/// Greeting 220 → EHLO (HELO when EHLO is refused) → STARTTLS and EHLO again when offered or required →
/// AUTH PLAIN or LOGIN when credentials are set → MAIL FROM → RCPT TO each → DATA → message → QUIT.
/// Any refusal sends QUIT and ends with the error; no sockets or clocks, so every path is unit-tested.
struct SMTPDialogue: Sendable {
    /// What happened on the connection.
    enum Input: Sendable, Hashable {
        case reply(SMTPReply)
        /// TLS now wraps the connection: later writes leave encrypted, after the handshake.
        case tlsStarted
        case timedOut
        case connectionClosed
        case failed(SMTPError)
    }

    /// What the connection should do next.
    enum Action: Sendable, Hashable {
        /// Write the command and wait for its reply.
        case send(SMTPCommand)
        /// Add TLS to the connection (after the 220 to STARTTLS) and report `tlsStarted`.
        case startTLS
        /// Close the connection; the transaction ended with this outcome.
        case close(Result<SMTPReceipt, SMTPError>)
        /// Nothing to do until the next input.
        case wait
    }

    /// The username and password for AUTH.
    struct Credentials: Sendable, Hashable {
        var username: String
        var password: String
    }

    enum LoginStep: Sendable, Hashable { case username, password, result }

    enum State: Sendable, Hashable {
        case awaitingGreeting
        case awaitingHello(isEHLO: Bool)
        case awaitingStartTLS
        case negotiatingTLS
        case authenticatingPlain
        case authenticatingLogin(LoginStep)
        case awaitingMailFrom
        case awaitingRecipient(Int)
        case awaitingDataReady
        case awaitingDataAccepted
        case quitting(Result<SMTPReceipt, SMTPError>)
        case closed
    }

    private(set) var state: State = .awaitingGreeting
    /// Whether the connection is encrypted: from the start with implicit TLS, or after STARTTLS.
    private(set) var isTLS: Bool
    private(set) var capabilities = SMTPCapabilities.none
    private var pendingVerb = "greeting"

    private let security: SMTPConfiguration.Security
    private let heloName: String
    private let credentials: Credentials?
    private let envelope: SMTPEnvelope

    init(security: SMTPConfiguration.Security, heloName: String, credentials: Credentials?, envelope: SMTPEnvelope) {
        self.security = security
        self.heloName = heloName
        self.credentials = credentials
        self.envelope = envelope
        self.isTLS = security == .implicitTLS
    }

    /// Advances the dialogue by one input.
    mutating func handle(_ input: Input) -> Action {
        switch (state, input) {
        case (.closed, _):
            return .wait
        case (.quitting(let outcome), _):
            // Whatever answers QUIT (a reply, a close, silence or an error), the outcome is settled.
            state = .closed
            return .close(outcome)
        case (_, .reply(let reply)):
            return handle(reply)
        case (.negotiatingTLS, .tlsStarted):
            isTLS = true
            capabilities = .none
            return send(.ehlo(heloName), then: .awaitingHello(isEHLO: true))
        case (_, .tlsStarted):
            return close(SMTPError(.protocolViolation, message: "TLS started outside STARTTLS"))
        case (_, .timedOut):
            return close(SMTPError(.timeout, message: "no reply to \(pendingVerb) in time", command: commandVerb))
        case (_, .connectionClosed):
            return close(SMTPError(.connectionFailed, message: "the server closed the connection while waiting for the reply to \(pendingVerb)", command: commandVerb))
        case (_, .failed(let error)):
            return close(error)
        }
    }

    private mutating func handle(_ reply: SMTPReply) -> Action {
        switch state {
        case .awaitingGreeting:
            guard reply.code == 220 else { return quit(.rejected(reply, command: nil)) }
            return send(.ehlo(heloName), then: .awaitingHello(isEHLO: true))
        case .awaitingHello(let isEHLO):
            if reply.isPositiveCompletion {
                capabilities = isEHLO ? SMTPCapabilities(ehloReply: reply) : .none
                return afterHello()
            }
            if isEHLO && reply.isPermanentFailure {
                return send(.helo(heloName), then: .awaitingHello(isEHLO: false))
            }
            return quit(.rejected(reply, command: commandVerb))
        case .awaitingStartTLS:
            guard reply.code == 220 else { return quit(.rejected(reply, command: "STARTTLS")) }
            state = .negotiatingTLS
            pendingVerb = "the TLS handshake"
            return .startTLS
        case .negotiatingTLS:
            return close(SMTPError(.protocolViolation, message: "the server sent a reply instead of starting TLS: \(reply)"))
        case .authenticatingPlain, .authenticatingLogin(.result):
            guard reply.code == 235 else { return quit(.rejected(reply, command: "AUTH")) }
            return sendMail()
        case .authenticatingLogin(let step):
            guard reply.code == 334, let credentials else { return quit(.rejected(reply, command: "AUTH")) }
            let secret = step == .username ? credentials.username : credentials.password
            return send(.authResponse(Self.base64(secret)), then: .authenticatingLogin(step == .username ? .password : .result))
        case .awaitingMailFrom:
            guard reply.isPositiveCompletion else { return quit(.rejected(reply, command: "MAIL")) }
            return send(.recipient(envelope.recipients[0]), then: .awaitingRecipient(0))
        case .awaitingRecipient(let index):
            guard reply.isPositiveCompletion else { return quit(.rejected(reply, command: "RCPT")) }
            let next = index + 1
            guard next < envelope.recipients.count else { return send(.data, then: .awaitingDataReady) }
            return send(.recipient(envelope.recipients[next]), then: .awaitingRecipient(next))
        case .awaitingDataReady:
            guard reply.code == 354 else { return quit(.rejected(reply, command: "DATA")) }
            return send(.content(envelope.content), then: .awaitingDataAccepted)
        case .awaitingDataAccepted:
            guard reply.isPositiveCompletion else { return quit(.rejected(reply, command: "DATA")) }
            let receipt = SMTPReceipt(reply: reply, messageID: envelope.messageID)
            return send(.quit, then: .quitting(.success(receipt)))
        case .quitting, .closed:
            return .wait  // handled in handle(_ input:)
        }
    }

    /// After EHLO/HELO: upgrade to TLS when due, then authenticate or start the mail transaction.
    private mutating func afterHello() -> Action {
        if !isTLS {
            switch security {
            case .startTLSRequired where !capabilities.startTLS:
                return quit(SMTPError(.securityRequirementNotMet, message: "the server does not offer STARTTLS, which the configuration requires"))
            case .startTLSRequired:
                return send(.startTLS, then: .awaitingStartTLS)
            case .startTLSWhenOffered where capabilities.startTLS:
                return send(.startTLS, then: .awaitingStartTLS)
            case .startTLSWhenOffered, .none, .implicitTLS:
                break
            }
        }
        guard let credentials else { return sendMail() }
        guard isTLS || security == .none else {
            return quit(SMTPError(.securityRequirementNotMet, message: "refusing to send credentials over an unencrypted connection: the server does not offer STARTTLS (set security to none to allow it)"))
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            let response = Self.base64("\0\(credentials.username)\0\(credentials.password)")
            return send(.authPlain(initialResponse: response), then: .authenticatingPlain)
        }
        if capabilities.authMechanisms.contains("LOGIN") {
            return send(.authLogin, then: .authenticatingLogin(.username))
        }
        let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
        return quit(SMTPError(.securityRequirementNotMet, message: offered.isEmpty
            ? "credentials are configured but the server does not offer AUTH"
            : "the server offers no supported AUTH mechanism (PLAIN, LOGIN), only \(offered)"))
    }

    private mutating func sendMail() -> Action {
        if let limit = capabilities.maximumSize, envelope.size > limit {
            return quit(SMTPError(.invalidMessage, message: "the message has \(envelope.size) octets, more than the server's limit of \(limit)"))
        }
        let size = capabilities.supportsSize ? envelope.size : nil
        return send(.mailFrom(envelope.sender, size: size), then: .awaitingMailFrom)
    }

    private mutating func send(_ command: SMTPCommand, then next: State) -> Action {
        state = next
        pendingVerb = command.verb
        return .send(command)
    }

    /// Ends politely: QUIT, then close with `error` whatever the server answers.
    private mutating func quit(_ error: SMTPError) -> Action {
        send(.quit, then: .quitting(.failure(error)))
    }

    /// Ends at once, without QUIT, when the connection is no longer usable.
    private mutating func close(_ error: SMTPError) -> Action {
        state = .closed
        return .close(.failure(error))
    }

    private var commandVerb: String? { pendingVerb == "greeting" || pendingVerb == "the TLS handshake" ? nil : pendingVerb }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
