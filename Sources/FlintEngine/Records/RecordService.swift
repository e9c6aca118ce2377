import FlintCore

/// Validates record writes and commits each with the events of the record triggers it fires, in the
/// same group commit as ingested events: one transaction, one path into the event log.
public struct RecordService: Sendable {
    /// How often a write is computed again when another write of the same record slipped in between.
    static let maximumAttempts = 5
    let entities: EntityCatalog
    let triggers: TriggerCatalog
    let store: any EntityStore
    let committer: GroupCommitter
    let clock: any WallClock

    public init(entities: EntityCatalog, triggers: TriggerCatalog, store: any EntityStore, committer: GroupCommitter, clock: any WallClock) {
        self.entities = entities
        self.triggers = triggers
        self.store = store
        self.committer = committer
        self.clock = clock
    }

    /// Creates or replaces a record; `created` is true for a new one. Writing the same values again
    /// stores nothing new and fires nothing.
    public func put(entity name: String, id: String, body: JSONValue) async throws -> (record: EntityRecord, created: Bool) {
        let entity = try entities.require(name)
        let input = try RecordInput.parse(body, id: id, entity: entity)
        for _ in 0..<Self.maximumAttempts {
            let previous = try await store.record(entity: name, id: id)
            if let previous, previous.customerId == input.customerId, previous.fields == input.fields {
                return (previous, false)
            }
            let now = clock.now().millisecondsSince1970
            let record = EntityRecord(
                entity: name, id: id, customerId: input.customerId, fields: input.fields, version: (previous?.version ?? 0) + 1,
                createdAt: previous?.createdAt ?? now, updatedAt: now)
            let events = triggers.recordTriggers(of: name).compactMap { trigger in
                trigger.source?.event(trigger: trigger.name, writing: record, over: previous, at: now)
            }
            let commit = RecordCommit(record: record, expectedVersion: previous?.version ?? 0, events: events)
            switch try await committer.commit([.recordWrite(commit)]).first {
            case .conflict: continue
            case .unknownEntity: throw FlintError(.unknownEntity, "Entity \(name) no longer exists")
            default: return (record, previous == nil)
            }
        }
        throw FlintError.unavailable("Record \(name)/\(id) is being written by others; try again")
    }

    public func record(entity name: String, id: String) async throws -> EntityRecord {
        _ = try entities.require(name)
        guard let record = try await store.record(entity: name, id: id) else { throw FlintError.notFound("Record \(name)/\(id)") }
        return record
    }

    public func records(entity name: String, customerId: String?, limit: Int) async throws -> [EntityRecord] {
        _ = try entities.require(name)
        return try await store.records(entity: name, customerId: customerId, limit: limit)
    }

    public func delete(entity name: String, id: String) async throws {
        _ = try entities.require(name)
        guard try await store.deleteRecord(entity: name, id: id) else { throw FlintError.notFound("Record \(name)/\(id)") }
    }
}
