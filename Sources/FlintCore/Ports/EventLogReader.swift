/// Reads the event log in order, for the dispatcher that starts and resumes journeys.
public protocol EventLogReader: Sendable {
    /// The newest sequence number in the log; 0 while it is empty.
    func latestSequence() async throws -> Int64
    /// Accepted events of `triggers` with sequence numbers in `after+1 ... through`, oldest first.
    /// Events of other triggers concern no journey, so they are never read back.
    func events(after sequence: Int64, through last: Int64, triggers: Set<String>) async throws -> [(sequence: Int64, event: AcceptedEvent)]
    /// How far the dispatcher got; stored so a restart resumes where it stopped.
    func dispatchCursor() async throws -> Int64
    func setDispatchCursor(_ sequence: Int64) async throws
}
