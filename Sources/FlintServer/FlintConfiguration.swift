import FlintCore
import Foundation
import Logging

/// Flint's settings, read once at start-up from `FLINT_*` environment variables and flags.
public struct FlintConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The folder holding the SQLite database (embedded mode).
    public var dataFolder = URL(fileURLWithPath: "flint-data")
    /// `FLINT_DATABASE_URL`: a PostgreSQL URL for several nodes; nil for embedded SQLite.
    public var databaseURL: String?
    /// `FLINT_DATABASE_POOL_SIZE`: PostgreSQL connections per node at most (one listens for changes).
    public var databasePoolSize = 20
    /// `FLINT_CLAIM_LEASE_SECONDS`: how long a node holds claimed work (an event, a due timer, a step)
    /// before another node may take it over; longer than the slowest step.
    public var claimLeaseSeconds = 60
    /// `FLINT_ADMIN_TOKEN`; when nil a token is generated on first start and printed once.
    public var adminToken: String?
    public var logLevel: Logger.Level = .info
    /// Rejected and duplicate events kept per trigger for the integration inspector.
    public var inspectorRetention = 1000
    /// `FLINT_EVENT_RETENTION_DAYS` (30), `FLINT_TRACE_RETENTION_DAYS` (90), `FLINT_SEND_RETENTION_DAYS` (90),
    /// `0` for forever; `FLINT_PRUNE_INTERVAL_SECONDS` (300). Events and sends are kept a day at least.
    public var retention = RetentionPolicy()
    /// `FLINT_SMTP_URL`: `smtp://user:pass@host:port`; journeys cannot send email without it.
    public var smtpURL: String?
    /// `FLINT_EMAIL_FROM`: the sender of journey emails.
    public var emailFrom = "flint@localhost"
    /// `FLINT_SMS_URL` and friends: an HTTP provider shaped like Twilio's Messages API.
    public var smsURL: String?
    public var smsAccount: String?
    public var smsToken: String?
    public var smsFrom: String?
    /// `FLINT_WEBHOOK_SECRET`: signs webhooks; generated and stored on first start when unset.
    public var webhookSecret: String?
    /// `FLINT_COMMERCIAL_CAP_PER_DAY`: commercial messages per customer and channel in 24 hours; nil for no cap.
    public var commercialCapPerDay: Int?
    /// `FLINT_PUBLIC_URL`: where clients reach Flint, for generated snippets; else the request's Host.
    public var publicURL: String?
    /// Timeouts and the connection cap of the HTTP server.
    public var http = HTTPSettings()
    /// `FLINT_WEBHOOK_ALLOWED_HOSTS`: hosts, addresses and CIDR ranges webhooks may reach although they
    /// are loopback, private or link-local (closed by default, see the README).
    public var webhookAllowedHosts: [String] = []
    /// `FLINT_STEP_CONCURRENCY`: journey steps performed at once.
    public var stepConcurrency = 64
    /// `FLINT_STEP_CONCURRENCY_PER_DESTINATION`: steps performed at once against one destination (a
    /// webhook's host and port, the SMTP server, the SMS provider), so a slow one holds only these.
    public var stepConcurrencyPerDestination = 16
    /// `FLINT_PUBLIC_RATE_PER_CLIENT`: requests a second one client address may make to the public
    /// tracking and unsubscribe routes before its requests are held (bursts of ten times as many).
    public var publicRatePerClient = 50
    /// `FLINT_INGEST_RATE_PER_CLIENT`: ingestion requests a second one client address may make with a
    /// publishable (browser) key, bursts of ten times as many; `0` for no limit. Secret keys carry their own.
    public var publishableRatePerClient: Int? = 100
    /// `FLINT_FAILED_KEY_RATE_PER_CLIENT`: ingestion requests a second one client address may make with keys
    /// that fail (unknown, revoked, wrong origin) before they are answered `429`, bursts of ten times as many.
    public var failedKeyRatePerClient = 10
    /// `FLINT_REFUSAL_HOLD_MS`: how long a request refused by a limit per client waits for its `429`, so a
    /// flood that waits for answers slows itself down (1000; `0` answers at once).
    public var refusalHoldMilliseconds = 1000
    /// `FLINT_TRUSTED_PROXIES`: addresses and CIDR ranges of proxies whose `X-Forwarded-For` names the
    /// client, for every limit per client address; none by default (the peer is the client).
    public var trustedProxies = TrustedProxies.none
    /// `FLINT_ADMIN_EMAIL` and `FLINT_ADMIN_PASSWORD`: the web UI's first admin, created at start when
    /// Flint has no users; without them the first visit offers a one-time setup form.
    public var firstAdminEmail: String?
    public var firstAdminPassword: String?
    /// bcrypt's work factor for web UI passwords (12; tests lower it to stay fast).
    public var passwordHashCost: UInt8 = 12

    public init() {}

    /// Defaults overridden by the `FLINT_*` variables present in `environment`.
    public init(environment: [String: String]) throws {
        if let host = environment["FLINT_HOST"] { self.host = host }
        if let port = environment["FLINT_PORT"] { self.port = try Self.integer(port, name: "FLINT_PORT", range: 0...65535) }
        if let data = environment["FLINT_DATA"] { dataFolder = URL(fileURLWithPath: data) }
        databaseURL = environment["FLINT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let size = environment["FLINT_DATABASE_POOL_SIZE"] {
            databasePoolSize = try Self.integer(size, name: "FLINT_DATABASE_POOL_SIZE", range: 2...1000)
        }
        if let lease = environment["FLINT_CLAIM_LEASE_SECONDS"] {
            claimLeaseSeconds = try Self.integer(lease, name: "FLINT_CLAIM_LEASE_SECONDS", range: 5...86_400)
        }
        adminToken = environment["FLINT_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        firstAdminEmail = environment["FLINT_ADMIN_EMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        firstAdminPassword = environment["FLINT_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if (firstAdminEmail == nil) != (firstAdminPassword == nil) {
            throw ConfigurationError("Set both FLINT_ADMIN_EMAIL and FLINT_ADMIN_PASSWORD, or neither")
        }
        if let adminToken, !Self.isBearerToken(adminToken) {
            throw ConfigurationError(
                "FLINT_ADMIN_TOKEN must be usable as a bearer token: letters, digits and - . _ ~ + / (then = padding), no spaces")
        }
        if let level = environment["FLINT_LOG_LEVEL"] {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError("FLINT_LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = parsed
        }
        smtpURL = environment["FLINT_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let from = environment["FLINT_EMAIL_FROM"], !from.isEmpty { emailFrom = from }
        smsURL = environment["FLINT_SMS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        smsAccount = environment["FLINT_SMS_ACCOUNT"]
        smsToken = environment["FLINT_SMS_TOKEN"]
        smsFrom = environment["FLINT_SMS_FROM"]
        publicURL = environment["FLINT_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        webhookSecret = environment["FLINT_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        if let cap = environment["FLINT_COMMERCIAL_CAP_PER_DAY"] {
            commercialCapPerDay = try Self.integer(cap, name: "FLINT_COMMERCIAL_CAP_PER_DAY", range: 1...1000)
        }
        if let idle = environment["FLINT_HTTP_IDLE_TIMEOUT"] {
            http.idleTimeoutSeconds = try Self.integer(idle, name: "FLINT_HTTP_IDLE_TIMEOUT", range: 1...3600)
        }
        if let body = environment["FLINT_HTTP_BODY_TIMEOUT"] {
            http.bodyTimeoutSeconds = try Self.integer(body, name: "FLINT_HTTP_BODY_TIMEOUT", range: 1...3600)
        }
        if let connections = environment["FLINT_MAX_CONNECTIONS"] {
            http.maxConnections = try Self.integer(connections, name: "FLINT_MAX_CONNECTIONS", range: 1...1_000_000)
        }
        if let hosts = environment["FLINT_WEBHOOK_ALLOWED_HOSTS"] {
            webhookAllowedHosts = hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let steps = environment["FLINT_STEP_CONCURRENCY"] {
            stepConcurrency = try Self.integer(steps, name: "FLINT_STEP_CONCURRENCY", range: 1...10_000)
        }
        if let steps = environment["FLINT_STEP_CONCURRENCY_PER_DESTINATION"] {
            stepConcurrencyPerDestination = try Self.integer(steps, name: "FLINT_STEP_CONCURRENCY_PER_DESTINATION", range: 1...10_000)
        }
        if let rate = environment["FLINT_PUBLIC_RATE_PER_CLIENT"] {
            publicRatePerClient = try Self.integer(rate, name: "FLINT_PUBLIC_RATE_PER_CLIENT", range: 1...1_000_000)
        }
        if let retention = environment["FLINT_INSPECTOR_RETENTION"] {
            inspectorRetention = try Self.integer(retention, name: "FLINT_INSPECTOR_RETENTION", range: 1...1_000_000)
        }
        try readRetention(environment)
        try readClientLimits(environment)
    }

    private mutating func readClientLimits(_ environment: [String: String]) throws {
        if let rate = environment["FLINT_INGEST_RATE_PER_CLIENT"] {
            let value = try Self.integer(rate, name: "FLINT_INGEST_RATE_PER_CLIENT", range: 0...1_000_000)
            publishableRatePerClient = value == 0 ? nil : value
        }
        if let hold = environment["FLINT_REFUSAL_HOLD_MS"] {
            refusalHoldMilliseconds = try Self.integer(hold, name: "FLINT_REFUSAL_HOLD_MS", range: 0...10_000)
        }
        if let rate = environment["FLINT_FAILED_KEY_RATE_PER_CLIENT"] {
            failedKeyRatePerClient = try Self.integer(rate, name: "FLINT_FAILED_KEY_RATE_PER_CLIENT", range: 1...1_000_000)
        }
        if let proxies = environment["FLINT_TRUSTED_PROXIES"] {
            do {
                trustedProxies = try TrustedProxies(parsing: proxies)
            } catch {
                throw ConfigurationError("FLINT_TRUSTED_PROXIES: \(error.description)")
            }
        }
    }

    /// The retention settings: whole days, `0` for forever.
    private mutating func readRetention(_ environment: [String: String]) throws {
        func days(_ name: String, current: Duration?) throws -> Duration? {
            guard let text = environment[name] else { return current }
            let days = try Self.integer(text, name: name, range: 0...36_500)
            return days == 0 ? nil : .seconds(days * 86_400)
        }
        retention.events = try days("FLINT_EVENT_RETENTION_DAYS", current: retention.events)
        retention.traces = try days("FLINT_TRACE_RETENTION_DAYS", current: retention.traces)
        retention.sends = try days("FLINT_SEND_RETENTION_DAYS", current: retention.sends)
        if let interval = environment["FLINT_PRUNE_INTERVAL_SECONDS"] {
            retention.interval = .seconds(try Self.integer(interval, name: "FLINT_PRUNE_INTERVAL_SECONDS", range: 1...86_400))
        }
        if let problem = retention.problem { throw ConfigurationError("Retention: \(problem)") }
    }

    /// RFC 6750 `b64token`: what ``HTTPFields/bearerToken`` accepts.
    static func isBearerToken(_ token: String) -> Bool {
        B64Token.isValid(Substring(token).utf8)
    }

    private static func integer(_ text: String, name: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }
}

/// A setting Flint cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
