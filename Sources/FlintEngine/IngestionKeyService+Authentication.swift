import FlintCore
import Foundation
import Synchronization

extension IngestionKeyService {
    /// The key a request authenticates with, after checking its value, state, origin and rate limit.
    ///
    /// - Parameters:
    ///   - token: the bearer token (or Segment write key) the request carried.
    ///   - origin: the request's `Origin` header; browsers always send one on cross-origin requests.
    public func authenticate(token: String?, origin: String?) throws(FlintError) -> IngestionKey {
        guard let token, !token.isEmpty else {
            throw FlintError(.unauthorized, "Send an ingestion key as Authorization: Bearer <key>")
        }
        guard let prefix = KeyFormat.prefix(of: token) else {
            throw FlintError(.unauthorized, "That is not a Flint ingestion key (they start with flk_pub_ or flk_sec_)")
        }
        let now = clock.now()
        let seconds = now.timeIntervalSince1970
        let hash = SecretHash.hex(token)  // outside the lock: both event loops authenticate concurrently
        let result: Result<IngestionKey, FlintError> = cache.withLock { cache in
            guard let key = cache.byPrefix[prefix], SecretHash.constantTimeEquals(hash, key.secretHash) else {
                return .failure(FlintError(.unauthorized, "Ingestion key \(prefix)… is not known"))
            }
            guard key.isActive(at: now) else {
                return .failure(FlintError(.unauthorized, "Ingestion key \(prefix)… has been revoked or has expired"))
            }
            if let problem = Self.originProblem(key: key, origin: origin) { return .failure(problem) }
            if let rate = key.rateLimit {
                var bucket = cache.buckets[key.id] ?? TokenBucket(rate: rate, now: seconds)
                let wait = bucket.take(now: seconds)
                cache.buckets[key.id] = bucket
                if let wait {
                    return .failure(FlintError(.rateLimited, "Ingestion key \(prefix)… is limited to \(rate) requests per second", retryAfter: wait))
                }
            }
            return .success(key)
        }
        return try result.get()
    }

    /// ``authenticate(token:origin:)``; a key this node does not know yet (made on another node a moment
    /// ago) is looked for again in the store first, at most once a second, so floods of made-up keys
    /// cannot turn into database reads.
    nonisolated(nonsending) public func authenticateReadingThrough(token: String?, origin: String?) async throws -> IngestionKey {
        let first = Result { () throws(FlintError) in try authenticate(token: token, origin: origin) }
        guard case .failure(let error) = first, error.code == .unauthorized, let token, let prefix = KeyFormat.prefix(of: token),
            cache.withLock({ $0.byPrefix[prefix] == nil })
        else { return try first.get() }
        let now = ContinuousClock.now
        let mayRead = cache.withLock { cache in
            guard cache.lastReadOnMiss.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            cache.lastReadOnMiss = now
            return true
        }
        guard mayRead else { throw error }
        try await load()
        return try authenticate(token: token, origin: origin)
    }

    /// Whether some active publishable key allows `origin`, for answering CORS preflight requests
    /// (they carry no credentials, so the key is not known yet).
    public func isOriginAllowedByAnyKey(_ origin: String) -> Bool {
        guard let origin = IngestionKeyRequest.normalizedOrigin(origin) else { return false }
        let now = clock.now()
        return cache.withLock { cache in
            cache.byPrefix.values.contains { $0.kind == .publishable && $0.isActive(at: now) && $0.allowedOrigins.contains(origin) }
        }
    }

    static func originProblem(key: IngestionKey, origin: String?) -> FlintError? {
        guard let origin else { return nil }
        switch key.kind {
        case .secret:
            return FlintError(
                .originNotAllowed, "Secret keys are for servers and cannot be used from a browser; use a publishable key")
        case .publishable:
            guard let normalized = IngestionKeyRequest.normalizedOrigin(origin), key.allowedOrigins.contains(normalized) else {
                return FlintError(.originNotAllowed, "Origin \(origin.prefix(200)) is not allowed for ingestion key \(key.prefix)…")
            }
            return nil
        }
    }
}
