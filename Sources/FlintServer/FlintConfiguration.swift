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
    /// `FLINT_ADMIN_TOKEN`; when nil a token is generated on first start and printed once.
    public var adminToken: String?
    public var logLevel: Logger.Level = .info
    /// Rejected and duplicate events kept per trigger for the integration inspector.
    public var inspectorRetention = 1000

    public init() {}

    /// Defaults overridden by the `FLINT_*` variables present in `environment`.
    public init(environment: [String: String]) throws {
        if let host = environment["FLINT_HOST"] { self.host = host }
        if let port = environment["FLINT_PORT"] { self.port = try Self.integer(port, name: "FLINT_PORT", range: 0...65535) }
        if let data = environment["FLINT_DATA"] { dataFolder = URL(fileURLWithPath: data) }
        databaseURL = environment["FLINT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        adminToken = environment["FLINT_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let level = environment["FLINT_LOG_LEVEL"] {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError("FLINT_LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = parsed
        }
        if let retention = environment["FLINT_INSPECTOR_RETENTION"] {
            inspectorRetention = try Self.integer(retention, name: "FLINT_INSPECTOR_RETENTION", range: 1...1_000_000)
        }
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
