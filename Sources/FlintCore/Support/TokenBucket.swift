/// A token bucket: allows `rate` requests per second on average and bursts up to `capacity`.
public struct TokenBucket: Sendable, Equatable {
    public let rate: Double
    public let capacity: Double
    private var tokens: Double
    private var updatedAt: Double

    /// A full bucket at time `now` (seconds, any monotonic origin).
    public init(rate: Double, capacity: Double? = nil, now: Double) {
        self.rate = rate
        self.capacity = capacity ?? max(1, rate)
        self.tokens = self.capacity
        self.updatedAt = now
    }

    /// Takes one token; returns nil when allowed, else the whole seconds to wait before retrying.
    public mutating func take(now: Double) -> Int? {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }

    /// Takes one token, borrowing ahead when none is left: returns the seconds until that token is due
    /// (0: now). A wait past `maximumWait` takes nothing, so a refused caller leaves no debt behind.
    public mutating func reserve(now: Double, maximumWait: Double) -> Double {
        refill(now: now)
        let wait = tokens >= 1 ? 0 : (1 - tokens) / rate
        if wait <= maximumWait { tokens -= 1 }
        return wait
    }

    /// Whether a token could be taken at `now` (nothing is taken).
    public func hasToken(at now: Double) -> Bool {
        tokens + max(0, now - updatedAt) * rate >= 1
    }

    /// Whether the bucket is full again at `now`, so forgetting it changes nothing.
    public func isFull(at now: Double) -> Bool {
        tokens + max(0, now - updatedAt) * rate >= capacity
    }

    private mutating func refill(now: Double) {
        tokens = min(capacity, tokens + max(0, now - updatedAt) * rate)
        updatedAt = max(updatedAt, now)
    }
}
