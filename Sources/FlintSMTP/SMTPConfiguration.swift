/// Where and how to reach the SMTP server that relays Flint's email: host and port, optional
/// credentials, transport security, the name sent in EHLO, timeouts, which certificates to trust and
/// how connections are pooled.
///
/// Usually read once at start-up from `FLINT_SMTP_URL` with `init(url:)`.
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable {
        /// Upgrade with STARTTLS when the server offers it, stay in plaintext otherwise (credentials are
        /// then refused rather than sent in the clear). A failed handshake fails the send: there is no
        /// fallback to plaintext once TLS was tried. The default, as in API.md.
        case startTLSWhenOffered
        /// Upgrade with STARTTLS and fail when the server does not offer it.
        case startTLSRequired
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicitTLS
        /// Never use TLS, even when offered; credentials are then sent in plaintext. For local relays and tests.
        case none
    }

    /// Which server certificates are accepted.
    public enum TLSTrust: Sendable, Hashable {
        /// The system's trusted roots, with hostname verification.
        case systemRoots
        /// Only certificates issued by the CA(s) in this PEM file, with hostname verification.
        case pemCAFile(String)
        /// Any certificate at all. Insecure: only for tests against throwaway certificates.
        case noVerification
    }

    /// How long to wait before giving up.
    public struct Timeouts: Sendable, Hashable {
        /// For the TCP connection to be established.
        public var connect: Duration
        /// For each server reply (including the TLS handshake and the reply after the message data).
        public var command: Duration

        /// Creates timeouts; the defaults suit a relay on the same network or a hosted provider.
        public init(connect: Duration = .seconds(10), command: Duration = .seconds(60)) {
            self.connect = connect
            self.command = command
        }
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The user name for AUTH; no authentication when nil.
    public var username: String?
    /// The password for AUTH.
    public var password: String?
    /// How the connection is protected.
    public var security: Security
    /// The name this client gives in EHLO/HELO, ideally its fully qualified domain name.
    public var heloName: String
    /// Connect and reply timeouts.
    public var timeouts: Timeouts
    /// Which server certificates are accepted.
    public var tlsTrust: TLSTrust
    /// How many connections are kept to the server and for how long.
    public var pool: Pool

    /// Creates a configuration; `port` defaults to 465 for implicit TLS and 25 otherwise.
    public init(
        host: String,
        port: Int? = nil,
        username: String? = nil,
        password: String? = nil,
        security: Security = .startTLSWhenOffered,
        heloName: String = "localhost",
        timeouts: Timeouts = Timeouts(),
        tlsTrust: TLSTrust = .systemRoots,
        pool: Pool = Pool()
    ) {
        self.host = host
        self.port = port ?? (security == .implicitTLS ? 465 : 25)
        self.username = username
        self.password = password
        self.security = security
        self.heloName = heloName
        self.timeouts = timeouts
        self.tlsTrust = tlsTrust
        self.pool = pool
    }

    /// The configuration without its password, safe to log.
    public var description: String {
        let user = username.map { "\($0)\(password == nil ? "" : ":<redacted>")@" } ?? ""
        return "SMTPConfiguration(\(user)\(host):\(port), security: \(security.rawValue), helo: \(heloName))"
    }

    /// Checks what `init` cannot: a usable host, port, EHLO name and pool.
    func validate() throws(SMTPError) {
        guard !host.isEmpty, host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw SMTPError(.invalidConfiguration, message: "invalid SMTP host \(host.debugDescription)")
        }
        guard (1...65_535).contains(port) else {
            throw SMTPError(.invalidConfiguration, message: "SMTP port \(port) is outside 1–65535")
        }
        guard !heloName.isEmpty, heloName.utf8.count <= 255,
              heloName.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw SMTPError(.invalidConfiguration, message: "invalid EHLO name \(heloName.debugDescription)")
        }
        try pool.validate()
    }
}
