import FlintCore
import Synchronization

/// Slows password guessing: each email and each client gets a burst of `burst` failed sign-ins, then
/// one more every `secondsPerAttempt`. A success clears the email's count. Kept per node, in memory:
/// an attacker spread over nodes gets a burst per node, which still bounds guessing to a few per minute.
final class LoginThrottle: Sendable {
    private let burst: Double
    private let rate: Double
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(burst: Int = 5, secondsPerAttempt: Double = 30) {
        self.burst = Double(burst)
        rate = 1 / secondsPerAttempt
    }

    /// Nil when a sign-in for `email` from `client` may be tried now; else the seconds to wait.
    func refusal(email: String, client: String, now: Double) -> Int? {
        buckets.withLock { buckets in
            for key in ["email:" + email, "client:" + client] {
                var probe = buckets[key] ?? TokenBucket(rate: rate, capacity: burst, now: now)
                if let wait = probe.take(now: now) { return wait }
            }
            return nil
        }
    }

    /// Counts a failed sign-in against both.
    func failed(email: String, client: String, now: Double) {
        buckets.withLock { buckets in
            for key in ["email:" + email, "client:" + client] {
                var bucket = buckets[key] ?? TokenBucket(rate: rate, capacity: burst, now: now)
                _ = bucket.take(now: now)
                buckets[key] = bucket
            }
            // Full buckets carry no memory of failures: forget them, so the table stays small.
            if buckets.count > 10_000 { buckets = buckets.filter { !$0.value.isFull(at: now) } }
        }
    }

    func succeeded(email: String) {
        _ = buckets.withLock { $0.removeValue(forKey: "email:" + email) }
    }
}
