/// What ``EventValidator`` decided about one event: accepted and normalized, or rejected with its problems.
public enum EventVerdict: Sendable, Equatable {
    case accepted(AcceptedEvent)
    case rejected(RejectedEvent)

    /// The write the verdict asks the event store for.
    public var record: IngestionRecord {
        switch self {
        case .accepted(let event): .accepted(event)
        case .rejected(let rejection): .rejected(rejection)
        }
    }
}
