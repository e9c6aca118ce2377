import FlintCore
import Metrics

/// The ingestion path's metrics: events accepted, rejected by code, duplicates, and latency.
public struct IngestionMetrics: Sendable {
    private let accepted: Counter
    private let duplicates: Counter
    private let rejected: [ErrorCode: Counter]
    private let latency: Metrics.Timer
    private let leanRequests: Counter
    private let factory: any MetricsFactory

    public init(factory: any MetricsFactory) {
        self.factory = factory
        accepted = Counter(label: "flint_events_accepted_total", factory: factory)
        duplicates = Counter(label: "flint_events_duplicate_total", factory: factory)
        rejected = Dictionary(
            uniqueKeysWithValues: IngestionMetrics.rejectionCodes.map {
                ($0, Counter(label: "flint_events_rejected_total", dimensions: [("code", $0.rawValue)], factory: factory))
            })
        latency = Metrics.Timer(label: "flint_ingest_duration_seconds", factory: factory)
        leanRequests = Counter(label: "flint_http_lean_requests_total", factory: factory)
    }

    static let rejectionCodes: [ErrorCode] = [
        .validationFailed, .unknownTrigger, .triggerNotAccepting, .invalidJSON, .unauthorized, .originNotAllowed,
        .payloadTooLarge, .rateLimited, .unavailable, .unsupportedMediaType,
    ]

    public func recordAccepted(_ count: Int = 1) { if count > 0 { accepted.increment(by: count) } }
    public func recordDuplicates(_ count: Int = 1) { if count > 0 { duplicates.increment(by: count) } }

    public func recordRejected(_ code: ErrorCode, count: Int = 1) {
        guard count > 0 else { return }
        if let counter = rejected[code] {
            counter.increment(by: count)
        } else {
            Counter(label: "flint_events_rejected_total", dimensions: [("code", code.rawValue)], factory: factory).increment(by: count)
        }
    }

    /// A single-event request answered on the lean HTTP path rather than through the router.
    public func recordLeanRequest() { leanRequests.increment() }

    /// Time from the request's arrival to its response, in nanoseconds.
    public func recordLatency(nanoseconds: Int64) { latency.recordNanoseconds(nanoseconds) }
}
