/// One write in the store's group commit: everything Flint writes on its hot paths (ingested events,
/// records, customers, tracking, and the runs the engine starts and moves) shares one transaction per
/// cycle, so concurrent writers of every kind share one `fsync`.
///
/// Indirect: a record is copied several times on its way to the writer (into the group commit's
/// queue, its batch, the store's transaction), and a boxed payload is copied with one retain rather
/// than one per string it holds.
public indirect enum IngestionRecord: Sendable, Equatable {
    /// Append to the event log unless its `messageId` is already there.
    case accepted(AcceptedEvent)
    /// Keep in the trigger's inspector and count as rejected.
    case rejected(RejectedEvent)
    /// Write a record and append the events of the record triggers it fires, or neither.
    case recordWrite(RecordCommit)
    /// Create or replace a customer; a new one's event is appended with it.
    case customerWrite(CustomerCommit)
    /// Change a customer's consent (only the flags given) and append its events, or neither when the
    /// customer does not exist.
    case consentChange(ConsentChange)
    /// Count an open or a click of a tracked email and append its event (once per message and link).
    case tracking(TrackingCommit)
    /// Store a new run, already moved through its first steps, unless a run with its id exists.
    case runStart(StoredRun)
    /// Save a moved run (its trace, its send, the events it emits) if its revision is still the expected one.
    case runSave(RunSave)
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
    /// A run was stored (``duplicate`` when a run with its id already existed).
    case started
    /// A run was saved; `appendedEvents` when the events it emits were appended to the log.
    case saved(appendedEvents: Bool)
    /// A run save found another revision stored (or no run): nothing was written, the caller reloads.
    case stale
    /// A run start's journey no longer exists (deleted while the run was being started); nothing was written.
    case unknownJourney
    /// A consent change's customer does not exist; nothing was written.
    case unknownCustomer
}

extension IngestionOutcome {
    /// Whether the commit appended events to the log for this record (the dispatcher then has work).
    public var appendedEvents: Bool {
        switch self {
        case .accepted, .created: true
        case .recordWritten(let written): written.appended > 0
        case .saved(let appendedEvents): appendedEvents
        case .duplicate, .recorded, .unknownTrigger, .unknownEntity, .started, .stale, .unknownJourney, .unknownCustomer: false
        }
    }
}
