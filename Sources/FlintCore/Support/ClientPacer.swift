/// Paces each client of the public routes (tracking pixels, link redirects, unsubscribe) with a token
/// bucket of its own: within `rate` per second (and bursts of `burst`) a request goes through at once;
/// past it, the request is held until its token comes, up to `maximumDelay` seconds, and only past
/// that is it refused. Holding rather than refusing is the point: a refused client that asks again at
/// once costs as much as one served, while a held one costs a sleeping task, so however many
/// connections a flood opens it gets `rate` requests a second of work, and a busy mail proxy's opens
/// are late rather than lost.
public struct ClientPacer: Sendable {
    public enum Admission: Sendable, Equatable {
        case now
        /// Go through after this many seconds.
        case after(Double)
        /// Refuse; the client may retry after this many whole seconds.
        case refused(retryAfter: Int)
    }

    public let rate: Double
    public let burst: Double
    public let maximumDelay: Double
    /// Clients remembered at most; past it, those whose bucket is full again are forgotten.
    public let maximumClients: Int
    private var buckets: [String: TokenBucket] = [:]

    public init(rate: Double, burst: Double, maximumDelay: Double, maximumClients: Int = 100_000) {
        precondition(rate > 0 && burst >= 1 && maximumDelay >= 0 && maximumClients > 0)
        self.rate = rate
        self.burst = burst
        self.maximumDelay = maximumDelay
        self.maximumClients = maximumClients
    }

    public var clientCount: Int { buckets.count }

    /// Admits one request of `client` at `now` (seconds, any monotonic origin).
    public mutating func admit(_ client: String, now: Double) -> Admission {
        if buckets[client] == nil, buckets.count >= maximumClients { forgetIdleClients(now: now) }
        var bucket = buckets[client] ?? TokenBucket(rate: rate, capacity: burst, now: now)
        let wait = bucket.reserve(now: now, maximumWait: maximumDelay)
        buckets[client] = bucket
        if wait == 0 { return .now }
        return wait <= maximumDelay ? .after(wait) : .refused(retryAfter: max(1, Int(wait.rounded(.up))))
    }

    /// Whether `client` has used up its bucket at `now` (a client never seen has not); nothing is taken.
    public func isExhausted(_ client: String, now: Double) -> Bool {
        buckets[client].map { !$0.hasToken(at: now) } ?? false
    }

    /// Forgets clients whose bucket has refilled (they would start full anyway); if every client is busy,
    /// forgets them all rather than grow without bound.
    private mutating func forgetIdleClients(now: Double) {
        buckets = buckets.filter { !$0.value.isFull(at: now) }
        if buckets.count >= maximumClients / 2 { buckets.removeAll(keepingCapacity: true) }
    }
}
