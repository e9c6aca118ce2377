/// Hands the dispatcher the accepted events it has not dispatched yet.
///
/// Work is claimed, not assumed: with several nodes each event is claimed by one of them, and by
/// another only when the claim lapsed (its node died before completing it). Dispatching an event
/// twice starts nothing twice (run ids are deterministic), so a lapsed claim costs time, not data.
public protocol EventLogReader: Sendable {
    /// Claims up to `limit` undispatched events, oldest first, for this node, from `now`. Only events of
    /// `triggers` come back (nil: of every trigger), and no anonymous ones; the others are claimed with
    /// them, since no journey needs them. With several nodes, pass nil: what one node knows of the
    /// journeys may be a moment behind another's.
    func claimEvents(of triggers: Set<String>?, limit: Int, now: Int64) async throws -> EventClaim
    /// The claim's events are dispatched: no node dispatches them again.
    func complete(_ claim: EventClaim) async throws
    /// Makes completed claims durable that a store keeps in memory for a while; called when the
    /// dispatcher stops.
    func flush() async throws
}

/// Events claimed for dispatch.
public struct EventClaim: Sendable {
    public var events: [AcceptedEvent]
    /// What the store needs to complete the claim (sequence numbers); opaque to the dispatcher.
    public var receipt: [Int64]
    /// Whether to claim again at once once this claim is complete: more events may be waiting (false
    /// only when the store knows there are none).
    public var hasMore: Bool

    public init(events: [AcceptedEvent], receipt: [Int64], hasMore: Bool) {
        self.events = events
        self.receipt = receipt
        self.hasMore = hasMore
    }
}
