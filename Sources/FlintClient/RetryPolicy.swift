import Foundation

/// When to try again after a failed attempt: exponential backoff with jitter, at least what the
/// server asked for in `Retry-After`.
@available(iOS 16, tvOS 16, watchOS 9, *)
struct RetryPolicy: Sendable {
    /// Longest wait a `Retry-After` may impose; beyond it the header is read as this.
    static let longestRetryAfter = Duration.seconds(600)

    var maximumAttempts: Int
    var initialBackoff: Duration
    var maximumBackoff: Duration

    /// Whether an answer with `status` is worth another attempt.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The wait after failed attempt number `attempt` (1-based): half to all of
    /// `initialBackoff * 2^(attempt-1)`, capped at `maximumBackoff`, and never shorter than `retryAfter`.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let backoff = min(initialBackoff * (1 << exponent), maximumBackoff)
        let jittered = backoff * Double.random(in: 0.5...1.0)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, Self.longestRetryAfter))
    }

    /// Reads `Retry-After` in seconds (the form Flint sends) from `headers`, matching the name in any case.
    static func retryAfter(in headers: [String: String]) -> Duration? {
        guard let value = headers.first(where: { $0.key.lowercased() == "retry-after" })?.value,
            let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds.isFinite
        else { return nil }
        return .milliseconds(Int64((min(seconds, 86_400) * 1000).rounded()))
    }
}
