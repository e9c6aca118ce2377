/// One write the ingestion path asks the event store to make.
public enum IngestionRecord: Sendable, Equatable {
    /// Append to the event log unless its `messageId` is already there.
    case accepted(AcceptedEvent)
    /// Keep in the trigger's inspector and count as rejected.
    case rejected(RejectedEvent)
    /// Write a record and append the events of the record triggers it fires, or neither.
    case recordWrite(RecordCommit)
    /// Create or replace a customer; a new one's event is appended with it.
    case customerWrite(CustomerCommit)
    /// Count an open or a click of a tracked email and append its event (once per message and link).
    case tracking(TrackingCommit)
}

/// What the store did with one ``IngestionRecord``.
public enum IngestionOutcome: Sendable, Equatable {
    /// Appended to the event log; durable.
    case accepted
    /// The `messageId` was already in the event log; nothing was appended.
    case duplicate
    /// The rejection was recorded.
    case recorded
    /// The trigger no longer exists (deleted while the event was in flight).
    case unknownTrigger
    /// A record write was applied (or found the same values already stored).
    case recordWritten(RecordWritten)
    /// A record write's entity no longer exists; nothing was written.
    case unknownEntity
    /// A customer write created the customer (``recorded`` when it replaced one).
    case created
}

extension IngestionOutcome {
    /// Whether the commit appended events to the log for this record (the dispatcher then has work).
    public var appendedEvents: Bool {
        switch self {
        case .accepted, .created: true
        case .recordWritten(let written): written.appended > 0
        case .duplicate, .recorded, .unknownTrigger, .unknownEntity: false
        }
    }
}
