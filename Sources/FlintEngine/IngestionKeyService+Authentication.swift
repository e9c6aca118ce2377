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
