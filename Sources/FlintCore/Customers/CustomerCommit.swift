/// A customer write in the group commit: the contact, lead or profile, and the event announcing it
/// (`contact_created` & co.), appended in the same transaction only when the write created it.
public struct CustomerCommit: Sendable, Equatable {
    public var customer: Customer
    /// Milliseconds since 1970.
    public var at: Int64
    public var eventIfCreated: AcceptedEvent?
    /// Events the write emits whether or not it created the customer (`unsubscribed`).
    public var events: [AcceptedEvent]

    public init(customer: Customer, at: Int64, eventIfCreated: AcceptedEvent?, events: [AcceptedEvent] = []) {
        self.customer = customer
        self.at = at
        self.eventIfCreated = eventIfCreated
        self.events = events
    }
}
