/// What became of one event.
public struct DeliveryResult: Sendable, Equatable {
    /// The event's idempotency key.
    public var messageId: String
    /// The trigger the event was for.
    public var trigger: String
    /// Flint's verdict, or why there is none.
    public var status: DeliveryStatus

    /// Makes a result.
    public init(messageId: String, trigger: String, status: DeliveryStatus) {
        self.messageId = messageId
        self.trigger = trigger
        self.status = status
    }
}

/// Flint's verdict on one event, or why delivery gave up.
public enum DeliveryStatus: Sendable, Equatable {
    /// Stored durably; journeys may start from it.
    case accepted
    /// This `messageId` was accepted before; nothing happens twice.
    case duplicate
    /// Flint refused the event (or the whole request) for a reason that retrying will not fix.
    case rejected(FlintAPIError)
    /// No verdict: the retries ran out, or the answer could not be read.
    case failed(FlintDeliveryError)

    /// Whether Flint holds the event (accepted now or before).
    public var isDelivered: Bool {
        switch self {
        case .accepted, .duplicate: true
        case .rejected, .failed: false
        }
    }
}
