/// Where contacts, leads and profiles live.
public protocol CustomerStore: Sendable {
    /// Creates or replaces the customer; true when it was created.
    func upsert(_ customer: Customer, at time: Int64) async throws -> Bool
    func customer(type: CustomerType, id: String) async throws -> Customer?
}
