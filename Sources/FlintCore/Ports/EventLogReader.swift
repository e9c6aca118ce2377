/// Reads the event log in order, for the dispatcher that starts and resumes journeys.
public protocol EventLogReader: Sendable {
    /// Accepted events after `sequence`, oldest first, with their sequence numbers.
    func events(after sequence: Int64, limit: Int) async throws -> [(sequence: Int64, event: AcceptedEvent)]
    /// How far the dispatcher got; stored so a restart resumes where it stopped.
    func dispatchCursor() async throws -> Int64
    func setDispatchCursor(_ sequence: Int64) async throws
}
