/// Why sending an email failed, with enough detail to decide whether to retry.
///
/// `isTransient` is the retry signal: connection failures, timeouts, protocol hiccups and 4xx replies
/// may succeed later; 5xx replies and configuration or policy mismatches will not until someone acts.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad class of failure.
    public enum Kind: String, Sendable, Hashable {
        /// The configuration (or the URL it came from) is unusable, for example a malformed URL or an unreadable CA file.
        case invalidConfiguration
        /// The message cannot be sent as built: an invalid address or header, or larger than the server accepts.
        case invalidMessage
        /// The server could not be reached or the connection dropped before the dialogue finished.
        case connectionFailed
        /// The server did not answer within the configured time.
        case timeout
        /// The TLS handshake failed, for example because the server's certificate is not trusted.
        case tlsFailed
        /// The server answered with something that is not valid SMTP.
        case protocolViolation
        /// The connection cannot meet the configured security: STARTTLS required but not offered, credentials
        /// that would travel in plaintext, or no supported authentication mechanism.
        case securityRequirementNotMet
        /// The server refused a command with a 4xx or 5xx reply; `code` holds the reply code.
        case rejected
    }

    /// The broad class of failure.
    public let kind: Kind
    /// The server's reply code when the server refused a command.
    public let code: Int?
    /// The server's reply text, or a description of the local failure. Never contains credentials.
    public let message: String
    /// The verb of the command the server refused (`MAIL`, `RCPT`, `AUTH`, ...), when there was one.
    public let command: String?

    /// Creates an error; `code` is set for server replies.
    public init(_ kind: Kind, code: Int? = nil, message: String, command: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.command = command
    }

    /// Whether retrying later (with backoff) may succeed: connection failures, timeouts, protocol
    /// violations and 4xx replies are transient; 5xx replies and configuration, message, TLS and
    /// security-policy failures are permanent.
    public var isTransient: Bool {
        switch kind {
        case .connectionFailed, .timeout, .protocolViolation:
            return true
        case .rejected:
            guard let code else { return false }
            return (400..<500).contains(code)
        case .invalidConfiguration, .invalidMessage, .tlsFailed, .securityRequirementNotMet:
            return false
        }
    }

    public var description: String {
        var text = "SMTPError.\(kind.rawValue)"
        if let code { text += " \(code)" }
        if let command { text += " (\(command))" }
        return text + ": \(message)"
    }
}

extension SMTPError {
    /// An error for a server reply that refused `command`.
    static func rejected(_ reply: SMTPReply, command: String?) -> SMTPError {
        SMTPError(.rejected, code: reply.code, message: reply.text, command: command)
    }
}
