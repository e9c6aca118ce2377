import Foundation

/// The client side of one SMTP session as a pure state machine: it is told what happened (a reply, the
/// TLS handshake finished, a timeout, the connection closed, an envelope to send, time to quit) and
/// answers with what to do.
///
/// Set-up: greeting 220 → EHLO (HELO when EHLO is refused) → STARTTLS and EHLO again when offered or
/// required → AUTH PLAIN or LOGIN when credentials are set; then the session is ready. Each envelope
/// runs MAIL FROM → RCPT TO each → DATA → message, after which the session is ready for the next one, so
/// one connection carries many messages. A transaction refused after the server accepted MAIL FROM but
/// before the data is cleared with RSET ahead of the next. A refusal during set-up sends QUIT and ends
/// the session; `quit` ends an idle one. No sockets or clocks, so every path is unit-tested.
struct SMTPDialogue: Sendable {
    /// What happened on the connection, or what its owner asks for.
    enum Input: Sendable, Hashable {
        case reply(SMTPReply)
        /// TLS now wraps the connection: later writes leave encrypted, after the handshake.
        case tlsStarted
        case timedOut
        case connectionClosed
        case failed(SMTPError)
        /// Start a mail transaction; only a ready session takes one.
        case send(SMTPEnvelope)
        /// End an idle session politely, after its idle timeout or when the connection retires.
        case quit
    }

    /// What the connection should do next.
    enum Action: Sendable, Hashable {
        /// Write the command and wait for its reply.
        case send(SMTPCommand)
        /// Add TLS to the connection (after the 220 to STARTTLS) and report `tlsStarted`.
        case startTLS
        /// Give the outcome to whoever waits for it; the session stays open and ready for an envelope.
        case report(Outcome)
        /// Give the outcome to the envelope just offered, which the session could not take; nothing else changes.
        case decline(Outcome)
        /// Close the connection, then give the outcome (if any) to whoever waits for it.
        case close(Outcome?)
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
        /// Between transactions; `needsReset` after one that was refused midway.
        case ready(needsReset: Bool)
        case sending(SMTPTransaction)
        case quitting(Outcome?)
        case closed
    }

    private(set) var state: State = .awaitingGreeting
    /// Whether the connection is encrypted: from the start with implicit TLS, or after STARTTLS.
    private(set) var isTLS: Bool
    private(set) var capabilities = SMTPCapabilities.none
    /// Whether an earlier transaction ran in this session, so its connection may have gone stale.
    private(set) var isReused = false
    private var pendingVerb = "greeting"

    private let security: SMTPConfiguration.Security
    private let heloName: String
    private let credentials: Credentials?

    init(security: SMTPConfiguration.Security, heloName: String, credentials: Credentials?) {
        self.security = security
        self.heloName = heloName
        self.credentials = credentials
        self.isTLS = security == .implicitTLS
    }

    /// Advances the dialogue by one input.
    mutating func handle(_ input: Input) -> Action {
        switch (state, input) {
        case (_, .send(let envelope)):
            return start(envelope)
        case (_, .quit):
            return quit()
        case (.closed, _):
            return .wait
        case (.quitting(let outcome), _):
            // Whatever answers QUIT (a reply, a close, silence or an error), the outcome is settled.
            state = .closed
            return .close(outcome)
        case (.ready, _):
            // Nothing is expected while idle: an unsolicited reply (a 421 before the server hangs up), a close
            // or an error all end the session, and no one waits for an outcome.
            state = .closed
            return .close(nil)
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
            return becomeReady()
        case .authenticatingLogin(let step):
            guard reply.code == 334, let credentials else { return quit(.rejected(reply, command: "AUTH")) }
            let secret = step == .username ? credentials.username : credentials.password
            return send(.authResponse(Self.base64(secret)), then: .authenticatingLogin(step == .username ? .password : .result))
        case .sending(var transaction):
            switch transaction.handle(reply) {
            case .send(let command):
                return send(command, then: .sending(transaction))
            case .delivered(let receipt):
                return finish(.delivered(receipt), needsReset: false)
            case .refused(let error):
                return refuse(error, code: reply.code, by: transaction)
            }
        case .ready, .quitting, .closed:
            return .wait  // handled in handle(_ input:)
        }
    }

    /// After EHLO/HELO: upgrade to TLS when due, then authenticate or declare the session ready.
    private mutating func afterHello() -> Action {
        switch Self.nextStep(afterHelloWith: capabilities, isTLS: isTLS, security: security, credentials: credentials) {
        case .startTLS:
            return send(.startTLS, then: .awaitingStartTLS)
        case .authPlain(let response):
            return send(.authPlain(initialResponse: response), then: .authenticatingPlain)
        case .authLogin:
            return send(.authLogin, then: .authenticatingLogin(.username))
        case .ready:
            return becomeReady()
        case .refuse(let error):
            return quit(error)
        }
    }

    private mutating func becomeReady() -> Action {
        state = .ready(needsReset: false)
        return .report(.ready)
    }

    /// Starts a transaction, with RSET first when the last one was refused midway.
    private mutating func start(_ envelope: SMTPEnvelope) -> Action {
        guard case .ready(let needsReset) = state else { return .decline(notReady) }
        if let limit = capabilities.maximumSize, envelope.size > limit {
            return .report(.failed(SMTPError(.invalidMessage, message: "the message has \(envelope.size) octets, more than the server's limit of \(limit)")))
        }
        let transaction = SMTPTransaction(envelope: envelope, resetFirst: needsReset, announcesSize: capabilities.supportsSize)
        return send(transaction.firstCommand, then: .sending(transaction))
    }

    /// The server refused a command of `transaction`. A 421 means it is closing the connection, and a
    /// session that cannot even reset is in doubt; any other refusal ends this transaction only, and the
    /// session carries the next message (after RSET when the server still holds part of this one).
    private mutating func refuse(_ error: SMTPError, code: Int, by transaction: SMTPTransaction) -> Action {
        if code == 421 { return close(error) }
        if transaction.stage == .resetting { return quit(error) }
        return finish(.failed(error), needsReset: transaction.refusalNeedsReset)
    }

    private mutating func finish(_ outcome: Outcome, needsReset: Bool) -> Action {
        state = .ready(needsReset: needsReset)
        isReused = true
        return .report(outcome)
    }

    /// Ends an idle session with QUIT; a session still setting up or sending is cut off instead.
    private mutating func quit() -> Action {
        switch state {
        case .ready:
            return send(.quit, then: .quitting(nil))
        case .quitting, .closed:
            return .wait
        default:
            return close(SMTPError(.connectionFailed, message: "the client closed the connection"))
        }
    }

    private mutating func send(_ command: SMTPCommand, then next: State) -> Action {
        state = next
        pendingVerb = command.verb
        return .send(command)
    }

    /// Ends politely: QUIT, then close and report `error` whatever the server answers.
    private mutating func quit(_ error: SMTPError) -> Action {
        let outcome = outcome(ending: error)
        return send(.quit, then: .quitting(outcome))
    }

    /// Ends at once, without QUIT, when the connection is no longer usable.
    private mutating func close(_ error: SMTPError) -> Action {
        let outcome = outcome(ending: error)
        state = .closed
        return .close(outcome)
    }

    private var commandVerb: String? { pendingVerb == "greeting" || pendingVerb == "the TLS handshake" ? nil : pendingVerb }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
