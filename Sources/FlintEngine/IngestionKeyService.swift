import FlintCore
import Foundation
import Logging
import Synchronization

/// Manages ingestion keys and authenticates ingestion requests against an in-memory copy of them.
///
/// Every change made here takes effect for the next request; changes made on other nodes arrive
/// through the change feed, and a key not known yet is looked up again before it is refused.
public final class IngestionKeyService: Sendable {
    /// A key as just created or rotated: the only moment its full secret value exists.
    public struct IssuedKey: Sendable {
        public var key: IngestionKey
        public var value: String
    }

    struct Cache {
        var byPrefix: [String: IngestionKey] = [:]
        var buckets: [String: TokenBucket] = [:]
        /// When an unknown key last made this node read the keys again.
        var lastReadOnMiss: ContinuousClock.Instant?
    }

    private let store: any IngestionKeyStore
    let clock: any WallClock
    private let ids: any IdentifierSource
    private let changes: any ChangeFeed
    private let logger: Logger
    let cache = Mutex(Cache())

    public init(store: any IngestionKeyStore, clock: any WallClock, changes: any ChangeFeed, logger: Logger,
        ids: any IdentifierSource = RandomIdentifiers()
    ) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.changes = changes
        self.logger = logger
    }

    /// Loads the active keys; at start-up, and again when another node changed one.
    public func load() async throws {
        let keys = try await store.unrevoked()
        cache.withLock { cache in
            cache.byPrefix = Dictionary(uniqueKeysWithValues: keys.map { ($0.prefix, $0) })
        }
    }

    public func create(_ request: IngestionKeyRequest) async throws -> IssuedKey {
        let issued = issue(name: request.name, kind: request.kind, origins: request.allowedOrigins, rateLimit: request.rateLimit)
        try await store.insert(issued.key)
        cache.withLock { $0.byPrefix[issued.key.prefix] = issued.key }
        changes.publish(.ingestionKeys)
        logger.info("ingestion key created", metadata: ["key": "\(issued.key.prefix)", "kind": "\(issued.key.kind.rawValue)"])
        return issued
    }

    /// Keys that still authenticate (rotated ones until their grace period ends), oldest first.
    public func list() async throws -> [IngestionKey] {
        let now = clock.now()
        return try await store.unrevoked().filter { $0.isActive(at: now) }
    }

    /// Issues a replacement; the old key keeps working for `graceSeconds`.
    public func rotate(id: String, graceSeconds: Int) async throws -> IssuedKey {
        guard let old = try await store.key(id: id), old.isActive(at: clock.now()) else {
            throw FlintError.notFound("Ingestion key \(id)")
        }
        let issued = issue(name: old.name, kind: old.kind, origins: old.allowedOrigins, rateLimit: old.rateLimit)
        let expiresAt = clock.now().addingTimeInterval(TimeInterval(graceSeconds))
        try await store.rotate(id: id, expiresAt: expiresAt, replacement: issued.key)
        cache.withLock { cache in
            cache.byPrefix[issued.key.prefix] = issued.key
            cache.byPrefix[old.prefix]?.expiresAt = min(expiresAt, old.expiresAt ?? expiresAt)
        }
        changes.publish(.ingestionKeys)
        logger.info("ingestion key rotated", metadata: ["old": "\(old.prefix)", "new": "\(issued.key.prefix)", "graceSeconds": "\(graceSeconds)"])
        return issued
    }

    /// Revokes a key; it stops working at once.
    public func revoke(id: String) async throws {
        guard let key = try await store.key(id: id), try await store.revoke(id: id, at: clock.now()) else {
            throw FlintError.notFound("Ingestion key \(id)")
        }
        cache.withLock { cache in
            cache.byPrefix[key.prefix] = nil
            cache.buckets[key.id] = nil
        }
        changes.publish(.ingestionKeys)
        logger.info("ingestion key revoked", metadata: ["key": "\(key.prefix)"])
    }

    private func issue(name: String, kind: IngestionKey.Kind, origins: [String], rateLimit: Double?) -> IssuedKey {
        var generator = SystemRandomNumberGenerator()
        let value = KeyFormat.generate(kind: kind, using: &generator)
        let key = IngestionKey(
            id: ids.make(prefix: "key_"), name: name, kind: kind,
            prefix: KeyFormat.prefix(of: value)!, secretHash: SecretHash.hex(value),
            publishableKey: kind == .publishable ? value : nil, allowedOrigins: origins, rateLimit: rateLimit,
            createdAt: clock.now())
        return IssuedKey(key: key, value: value)
    }
}
