/// Where contacts, leads and profiles live.
public protocol CustomerStore: Sendable {
    /// Creates or replaces the customer; true when it was created.
    func upsert(_ customer: Customer, at time: Int64) async throws -> Bool
    func customer(type: CustomerType, id: String) async throws -> Customer?
    /// The customers of `type` among `ids` that exist, by id, in one read.
    func customers(type: CustomerType, ids: Set<String>) async throws -> [String: Customer]
}

extension CustomerStore {
    /// One read per id, for stores that have nothing better.
    public func customers(type: CustomerType, ids: Set<String>) async throws -> [String: Customer] {
        var found: [String: Customer] = [:]
        for id in ids { found[id] = try await customer(type: type, id: id) }
        return found
    }
}
