/// How often and how patiently a step is retried after transient failures: exponential backoff
/// from `initialDelay`, doubling up to `maximumDelay`, for at most `attempts` tries in all. The
/// executor arms each retry as the run's durable timer; nothing sleeps in a send slot.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration

    public init(attempts: Int = 5, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30)) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, retry) {
            delay = min(delay * 2, maximumDelay)
        }
        return delay
    }
}
