import FlintCore

/// Validates record writes and commits each with the events of the record triggers it fires, in the
/// same group commit as ingested events: one transaction, one path into the event log.
public struct RecordService: Sendable {
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
    /// stores nothing new and fires nothing. The stored record is read inside the commit, so there is
    /// no read before it and no lost update between concurrent writers.
    public func put(entity name: String, id: String, body: JSONValue) async throws -> (record: EntityRecord, created: Bool) {
        let entity = try entities.require(name)
        let input = try RecordInput.parse(body, id: id, entity: entity)
        let watchers = triggers.recordTriggers(of: name).compactMap { trigger in
            trigger.source.map { RecordCommit.Watcher(trigger: trigger.name, source: $0) }
        }
        let commit = RecordCommit(
            entity: name, id: id, customerId: input.customerId, fields: input.fields, at: clock.now().millisecondsSince1970,
            watchers: watchers)
        switch try await committer.commit([.recordWrite(commit)]).first {
        case .recordWritten(let written): return (written.record, written.change == .created)
        case .unknownEntity: throw FlintError(.unknownEntity, "Entity \(name) no longer exists")
        case let other: throw FlintError(.internalError, "A record write came back as \(other.map { "\($0)" } ?? "nothing")")
        }
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
