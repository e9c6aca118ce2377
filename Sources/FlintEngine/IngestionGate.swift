import FlintCore
import Foundation

/// Every ingestion route's way in (`/v1/events`, `/v1/events/batch`, the Segment routes): the key's
/// checks (value, state, origin, its own rate limit) and two limits per client address.
///
/// - Requests with a publishable key (browsers) get `perClient` a second per address, so a key copied
///   out of a web page cannot be used to flood from one place. Secret keys (servers, which send from a
///   few addresses at high rates) are limited per key instead.
/// - Requests whose key fails get `failuresPerClient` a second per address; past that every request
///   from the address is told `429` without its key being checked, so guessing keys is slow.
///
/// A request refused by these limits is answered only after `refusalHold`: a flood that waits for its
/// answers (as HTTP clients do) then gets a request per connection per hold, and costs a sleeping task
/// rather than the CPU the other clients need. One that does not wait meets the connection cap.
public struct IngestionGate: Sendable {
    public let keys: IngestionKeyService
    let perClient: ClientLimiter?
    let failures: ClientLimiter
    let refusalHold: Duration
    let sleeper: any Clock<Duration>

    /// - Parameters:
    ///   - publishableRatePerClient: requests a second per address with a publishable key (bursts of ten
    ///     times as many); nil for no limit.
    ///   - clock: the buckets' time (the injected wall clock, like the keys' own limits).
    ///   - refusalHold: how long a refused request waits for its `429`; `sleeper` waits it.
    public init(
        keys: IngestionKeyService, publishableRatePerClient: Double?, failuresPerClient: Double = 10, clock: any WallClock,
        refusalHold: Duration = .zero, sleeper: any Clock<Duration> = ContinuousClock()
    ) {
        self.keys = keys
        self.refusalHold = refusalHold
        self.sleeper = sleeper
        let now: @Sendable () -> Double = { clock.now().timeIntervalSince1970 }
        perClient = publishableRatePerClient.map { ClientLimiter(rate: $0, burst: $0 * 10, now: now) }
        failures = ClientLimiter(rate: failuresPerClient, burst: failuresPerClient * 10, now: now)
    }

    /// The key a request authenticates with, from `client` (``TrustedProxies/client(peer:forwardedFor:)``).
    nonisolated(nonsending) public func admit(
        token: String?, origin: String?, client clientAddress: @autoclosure () -> String
    ) async throws -> IngestionKey {
        // An address out of failures has no key checked at all, right or wrong, until it has a token
        // again: guessing is as slow as the limit, not merely answered differently.
        // The address is formatted only when a limit needs it: not on the path of a working secret key
        // while nobody is failing.
        var address: String?
        func client() -> String {
            if let address { return address }
            let formatted = clientAddress()
            address = formatted
            return formatted
        }
        if failures.hasClients, failures.isExhausted(client()) {
            try await hold()
            throw FlintError(.rateLimited, "Too many requests with keys that do not work from this address", retryAfter: 1)
        }
        let key: IngestionKey
        do {
            key = try await keys.authenticateReadingThrough(token: token, origin: origin)
        } catch let error as FlintError where error.code == .unauthorized || error.code == .originNotAllowed {
            if let wait = failures.take(client()) {
                try await hold()
                throw FlintError(.rateLimited, "Too many requests with keys that do not work from this address", retryAfter: wait)
            }
            throw error
        }
        if key.kind == .publishable, let perClient, let wait = perClient.take(client()) {
            try await hold()
            throw FlintError(.rateLimited, "Too many requests from this address with a publishable key", retryAfter: wait)
        }
        return key
    }

    nonisolated(nonsending) private func hold() async throws {
        if refusalHold > .zero { try await sleeper.sleep(for: refusalHold) }
    }
}
