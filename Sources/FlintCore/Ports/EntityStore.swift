/// Entity declarations and their records. Record writes go through ``EventStore/commit(_:)`` (as
/// ``IngestionRecord/recordWrite(_:)``) so a write and the events it fires share one transaction.
public protocol EntityStore: Sendable {
    /// Creates or replaces the declaration; true when it was created.
    func put(_ entity: EntityDefinition, at time: Int64) async throws -> Bool
    func entity(named name: String) async throws -> EntityDefinition?
    /// Every declaration, by name.
    func entities() async throws -> [EntityDefinition]
    func record(entity: String, id: String) async throws -> EntityRecord?
    /// The customer's records of `entity`, most recently updated first.
    func records(entity: String, customerId: String?, limit: Int) async throws -> [EntityRecord]
    /// True when there was a record to delete.
    func deleteRecord(entity: String, id: String) async throws -> Bool
}
