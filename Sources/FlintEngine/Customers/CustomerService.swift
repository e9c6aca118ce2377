import FlintCore

/// Writes contacts, leads and profiles through the group commit, so a new customer's built-in event
/// (`contact_created`, `lead_created`, `profile_created`) is appended in the same transaction and
/// starts journeys like every other event. Every writer (the API, Segment `identify`) comes here.
public struct CustomerService: Sendable {
    let store: any CustomerStore
    let committer: GroupCommitter
    let clock: any WallClock

    public init(store: any CustomerStore, committer: GroupCommitter, clock: any WallClock) {
        self.store = store
        self.committer = committer
        self.clock = clock
    }

    /// Creates or replaces `customer` (already validated); true when it was created.
    public func put(_ customer: Customer) async throws -> Bool {
        let now = clock.now().millisecondsSince1970
        let write = CustomerCommit(customer: customer, at: now, eventIfCreated: BuiltinEvents.customerCreated(customer, at: now))
        return try await committer.commit([.customerWrite(write)]).first == .created
    }

    /// Changes only the given consent flags, on the consent stored at commit time; false when the
    /// customer does not exist.
    public func change(_ change: ConsentChange) async throws -> Bool {
        try await committer.commit([.consentChange(change)]).first != .unknownCustomer
    }

    public func customer(type: CustomerType, id: String) async throws -> Customer? {
        try await store.customer(type: type, id: id)
    }
}
