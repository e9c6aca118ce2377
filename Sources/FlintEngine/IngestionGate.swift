import FlintCore
import Foundation

/// Every ingestion route's way in (`/v1/events`, `/v1/events/batch`, the Segment routes): the key's
/// checks (value, state, origin, its own rate limit) and two limits per client address.
///
/// - Requests with a publishable key (browsers) get `perClient` a second per address, so a key copied
///   out of a web page cannot be used to flood from one place. Secret keys (servers, which send from a
///   few addresses at high rates) are limited per key instead.
/// - Requests whose key fails get `failuresPerClient` a second per address; past that they are told
///   `429` instead of `401`, so guessing keys is slow.
public struct IngestionGate: Sendable {
    public let keys: IngestionKeyService
    let perClient: ClientLimiter?
    let failures: ClientLimiter

    /// - Parameters:
    ///   - publishableRatePerClient: requests a second per address with a publishable key (bursts of ten
    ///     times as many); nil for no limit.
    ///   - clock: the buckets' time (the injected wall clock, like the keys' own limits).
    public init(keys: IngestionKeyService, publishableRatePerClient: Double?, failuresPerClient: Double = 10, clock: any WallClock) {
        self.keys = keys
        let now: @Sendable () -> Double = { clock.now().timeIntervalSince1970 }
        perClient = publishableRatePerClient.map { ClientLimiter(rate: $0, burst: $0 * 10, now: now) }
        failures = ClientLimiter(rate: failuresPerClient, burst: failuresPerClient * 10, now: now)
    }

    /// The key a request authenticates with, from `client` (``TrustedProxies/client(peer:forwardedFor:)``).
    public func admit(token: String?, origin: String?, client: @autoclosure () -> String) async throws -> IngestionKey {
        let key: IngestionKey
        do {
            key = try await keys.authenticateReadingThrough(token: token, origin: origin)
        } catch let error as FlintError where error.code == .unauthorized || error.code == .originNotAllowed {
            if let wait = failures.take(client()) {
                throw FlintError(.rateLimited, "Too many requests with keys that do not work from this address", retryAfter: wait)
            }
            throw error
        }
        if key.kind == .publishable, let perClient, let wait = perClient.take(client()) {
            throw FlintError(.rateLimited, "Too many requests from this address with a publishable key", retryAfter: wait)
        }
        return key
    }
}
