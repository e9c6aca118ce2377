/// A record write and the events of the record triggers it fires, committed in one transaction with
/// the events of the same group commit, so a crash can lose neither half.
public struct RecordCommit: Sendable, Equatable {
    /// The record as it will be stored.
    public var record: EntityRecord
    /// The version the write was computed against: 0 for a record that must not exist yet. Another
    /// write in between makes the commit a ``IngestionOutcome/conflict``, and the writer computes again.
    public var expectedVersion: Int
    public var events: [AcceptedEvent]

    public init(record: EntityRecord, expectedVersion: Int, events: [AcceptedEvent]) {
        self.record = record
        self.expectedVersion = expectedVersion
        self.events = events
    }
}
