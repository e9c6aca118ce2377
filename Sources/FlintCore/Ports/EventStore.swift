/// The durable event log and the integration inspector, and the one write path of the hot paths.
public protocol EventStore: Sendable {
    /// Writes every record (events, records, customers, tracking counts, runs) in one transaction and
    /// returns an outcome for each, in order.
    ///
    /// Accepted events whose `messageId` is already in the log come back `.duplicate`. Trigger
    /// counters and status (`awaitingIntegration` → `integrationVerified`) change in the same transaction.
    /// When this returns, everything is on disk.
    func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome]
    /// The trigger's most recent events, accepted, rejected and duplicate, newest first.
    func inspectorEntries(trigger: String, limit: Int) async throws -> [InspectorEntry]
}
