/// How long Flint keeps what grows with use; nil keeps it forever.
public struct RetentionPolicy: Sendable, Equatable {
    /// The shortest event retention: the `messageId` dedupe window is the event retention, and
    /// senders retry for a day at least.
    public static let shortestEventRetention: Duration = .seconds(86_400)
    /// The shortest send retention: the commercial frequency cap counts the last 24 hours of sends.
    public static let shortestSendRetention: Duration = .seconds(86_400)

    /// Accepted events (the event log, and with it the `messageId` dedupe window).
    public var events: Duration?
    /// Traces of finished runs.
    public var traces: Duration?
    /// Send records of journey steps.
    public var sends: Duration?
    /// How often the background pruning runs.
    public var interval: Duration
    /// Rows deleted per transaction.
    public var batchSize: Int

    public init(
        events: Duration? = .seconds(30 * 86_400), traces: Duration? = .seconds(90 * 86_400), sends: Duration? = .seconds(90 * 86_400),
        interval: Duration = .seconds(300), batchSize: Int = 500
    ) {
        precondition(batchSize > 0)
        self.events = events
        self.traces = traces
        self.sends = sends
        self.interval = interval
        self.batchSize = batchSize
    }

    /// Why the policy would break a promise Flint makes; nil when it is sound.
    public var problem: String? {
        if let events, events < Self.shortestEventRetention {
            return "events must be kept at least 24 hours: the messageId dedupe window is the event retention"
        }
        if let sends, sends < Self.shortestSendRetention {
            return "send records must be kept at least 24 hours: the frequency cap counts a day of sends"
        }
        if let traces, traces <= .zero { return "run traces must be kept for a positive time" }
        return nil
    }
}
