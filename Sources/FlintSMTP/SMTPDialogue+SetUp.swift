extension SMTPDialogue {
    /// What follows a successful EHLO or HELO.
    enum SetUpStep: Sendable, Hashable {
        case startTLS
        case authPlain(initialResponse: String)
        case authLogin
        /// Nothing more to negotiate: the session can take envelopes.
        case ready
        /// The session cannot meet the configuration; QUIT with this error.
        case refuse(SMTPError)
    }

    /// Decides what follows EHLO/HELO: STARTTLS when offered or required and not yet done, then AUTH
    /// when credentials are set (never over plaintext unless security is `.none`), then readiness.
    static func nextStep(
        afterHelloWith capabilities: SMTPCapabilities, isTLS: Bool,
        security: SMTPConfiguration.Security, credentials: Credentials?
    ) -> SetUpStep {
        if !isTLS {
            switch security {
            case .startTLSRequired where !capabilities.startTLS:
                return .refuse(SMTPError(.securityRequirementNotMet, message: "the server does not offer STARTTLS, which the configuration requires"))
            case .startTLSRequired:
                return .startTLS
            case .startTLSWhenOffered where capabilities.startTLS:
                return .startTLS
            case .startTLSWhenOffered, .none, .implicitTLS:
                break
            }
        }
        guard let credentials else { return .ready }
        guard isTLS || security == .none else {
            return .refuse(SMTPError(.securityRequirementNotMet, message: "refusing to send credentials over an unencrypted connection: the server does not offer STARTTLS (set security to none to allow it)"))
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            return .authPlain(initialResponse: base64("\0\(credentials.username)\0\(credentials.password)"))
        }
        if capabilities.authMechanisms.contains("LOGIN") {
            return .authLogin
        }
        let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
        return .refuse(SMTPError(.securityRequirementNotMet, message: offered.isEmpty
            ? "credentials are configured but the server does not offer AUTH"
            : "the server offers no supported AUTH mechanism (PLAIN, LOGIN), only \(offered)"))
    }
}
