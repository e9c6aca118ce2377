import Foundation

/// A credential that lets a website, app or backend send events.
///
/// Publishable keys may sit in browser code and are limited to `allowedOrigins`; secret keys are
/// for servers and Flint keeps only their SHA-256 hash.
public struct IngestionKey: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable, Codable {
        case publishable, secret
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// The first characters of the key (`flk_sec_AbCd1234`): the lookup id, and safe to log and show.
    public var prefix: String
    /// Hex SHA-256 of the whole key.
    public var secretHash: String
    /// The whole key, kept only for publishable keys (they are public and snippets embed them).
    public var publishableKey: String?
    /// Origins allowed to use a publishable key from a browser (`https://shop.example`).
    public var allowedOrigins: [String]
    /// Sustained requests per second this key may make; nil for no limit.
    public var rateLimit: Double?
    public var createdAt: Date
    /// When a rotated key stops working.
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, name: String, kind: Kind, prefix: String, secretHash: String, publishableKey: String?,
        allowedOrigins: [String], rateLimit: Double?, createdAt: Date, expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.prefix = prefix
        self.secretHash = secretHash
        self.publishableKey = publishableKey
        self.allowedOrigins = allowedOrigins
        self.rateLimit = rateLimit
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the key authenticates requests at `now`.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
