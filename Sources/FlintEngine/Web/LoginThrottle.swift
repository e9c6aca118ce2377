import FlintCore
import Synchronization

/// Slows password guessing. Each sign-in attempt takes a token, before the password is checked, from
/// two buckets: one per (email, client), so guessing one account from one place gets `burst` tries and
/// then one every `secondsPerAttempt`; and one per client, with ten times the room, so one place cannot
/// try many accounts fast. An email is never locked for everyone: another client still gets its tries.
/// A success clears that (email, client) bucket. Kept per node, in memory.
final class LoginThrottle: Sendable {
    private let burst: Double
    private let rate: Double
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(burst: Int = 5, secondsPerAttempt: Double = 30) {
        self.burst = Double(burst)
        rate = 1 / secondsPerAttempt
    }

    /// Takes an attempt for `email` from `client`: nil when it may go ahead, else the seconds to wait
    /// (and nothing is taken). Parallel attempts each take their own token, so they cannot all slip through.
    func attempt(email: String, client: String, now: Double) -> Int? {
        buckets.withLock { buckets in
            let keys = [("account:" + client + " " + email, burst, rate), ("client:" + client, burst * 10, rate * 10)]
            var taken: [(String, TokenBucket)] = []
            for (key, capacity, rate) in keys {
                var bucket = buckets[key] ?? TokenBucket(rate: rate, capacity: capacity, now: now)
                if let wait = bucket.take(now: now) { return wait }
                taken.append((key, bucket))
            }
            for (key, bucket) in taken { buckets[key] = bucket }
            // Full buckets remember nothing: forget them, so the table stays small.
            if buckets.count > 10_000 { buckets = buckets.filter { !$0.value.isFull(at: now) } }
            return nil
        }
    }

    func succeeded(email: String, client: String) {
        _ = buckets.withLock { $0.removeValue(forKey: "account:" + client + " " + email) }
    }
}
