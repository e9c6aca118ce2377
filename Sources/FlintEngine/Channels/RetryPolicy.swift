/// How often and how patiently a send is retried after transient failures: exponential backoff
/// from `initialDelay`, doubling up to `maximumDelay`, for at most `attempts` tries in all.
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

    /// Runs `operation`, retrying transient ``DeliveryError``s; sleeps on `clock` so tests can use a fast one.
    /// Returns the result, or the last error when attempts run out or the error is permanent.
    public func run<Result: Sendable>(
        clock: any Clock<Duration>, _ operation: () async throws(DeliveryError) -> Result
    ) async -> Swift.Result<Result, DeliveryError> {
        var attempt = 1
        while true {
            do {
                return .success(try await operation())
            } catch {
                guard error.isTransient, attempt < attempts else {
                    let suffix = error.isTransient ? " (gave up after \(attempt) attempts)" : ""
                    return .failure(DeliveryError(error.message + suffix, isTransient: error.isTransient))
                }
                do {
                    try await clock.sleep(for: delay(beforeRetry: attempt))
                } catch {
                    return .failure(DeliveryError("cancelled while waiting to retry", isTransient: true))
                }
                attempt += 1
            }
        }
    }
}
