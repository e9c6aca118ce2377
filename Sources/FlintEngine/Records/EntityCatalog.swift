import FlintCore
import Synchronization

/// Entity declarations, kept in memory so record writes and record-trigger definitions are checked
/// without a database read. Changing an entity refreshes the attributes of its record triggers.
public final class EntityCatalog: Sendable {
    private let store: any EntityStore
    private let triggers: TriggerCatalog
    private let clock: any WallClock
    private let changes: any ChangeFeed
    private let cache = Mutex<[String: EntityDefinition]>([:])

    public init(store: any EntityStore, triggers: TriggerCatalog, clock: any WallClock, changes: any ChangeFeed) {
        self.store = store
        self.triggers = triggers
        self.clock = clock
        self.changes = changes
    }

    /// Loads every declaration; at start-up, and again when another node changed one.
    public func load() async throws {
        let all = try await store.entities()
        cache.withLock { $0 = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) }) }
    }

    public func entity(named name: String) -> EntityDefinition? {
        cache.withLock { $0[name] }
    }

    /// The declaration, or `404 unknown_entity`.
    public func require(_ name: String) throws(FlintError) -> EntityDefinition {
        guard let entity = entity(named: name) else {
            throw FlintError(.unknownEntity, "There is no entity named \(name.prefix(100)); declare it with PUT /api/v1/entities/\(name.prefix(64))")
        }
        return entity
    }

    public func all() -> [EntityDefinition] {
        cache.withLock { $0.values.sorted { $0.name < $1.name } }
    }

    /// Creates or replaces a declaration; true when created. Removing or retyping a field, making one
    /// required or changing the customer type answers `409 entity_in_use` while a live journey reads the
    /// entity: `readers` names the live journeys that do (``JourneyCatalog/liveJourneyNames(reading:)``,
    /// passed in because the journey catalog itself types paths with this one).
    public func put(_ entity: EntityDefinition, readers: (String) -> [String] = { _ in [] }) async throws -> Bool {
        if let current = self.entity(named: entity.name) {
            let breaking = current.breakingChanges(to: entity)
            if !breaking.isEmpty {
                for trigger in triggers.recordTriggers(of: entity.name) where try await triggers.trigger(named: trigger.name).isUsedByLiveJourney {
                    throw FlintError(
                        .entityInUse, "A live journey uses record trigger \(trigger.name) of entity \(entity.name); stop it first",
                        details: breaking)
                }
                let reading = readers(entity.name)
                if !reading.isEmpty {
                    throw FlintError(
                        .entityInUse, "Live journeys read entity \(entity.name): \(reading.joined(separator: ", ")); stop them first",
                        details: breaking)
                }
            }
        }
        let created = try await store.put(entity, at: clock.now().millisecondsSince1970)
        cache.withLock { $0[entity.name] = entity }
        changes.publish(.entities)
        try await triggers.entityChanged(entity)
        return created
    }
}
