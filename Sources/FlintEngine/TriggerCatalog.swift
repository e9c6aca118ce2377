import FlintCore
import Foundation
import Synchronization

/// The trigger catalog: creates, changes and deletes triggers, and keeps their definitions in memory
/// so ingestion validates events without a database read.
public final class TriggerCatalog: Sendable {
    private let store: any TriggerStore
    private let clock: any WallClock
    private let changes: any ChangeFeed
    private let definitions = Mutex(Definitions())
    /// When each unknown name last made this node look in the store, so floods of made-up names cannot
    /// turn into database reads (at most one per name per second).
    private let lookedUp = Mutex<[String: ContinuousClock.Instant]>([:])

    public init(store: any TriggerStore, clock: any WallClock, changes: any ChangeFeed) {
        self.store = store
        self.clock = clock
        self.changes = changes
    }

    /// Creates the built-in triggers if needed and loads every definition; call once at start-up.
    public func load() async throws {
        try await store.createMissing(BuiltinTriggers.triggers(createdAt: clock.now()))
        let all = try await store.all()
        // Built-in definitions follow the code: a newer Flint may give them attributes.
        let stale = BuiltinTriggers.definitions.filter { builtin in all.contains { $0.name == builtin.name && $0.definition != builtin } }
        for definition in stale { _ = try await store.update(definition) }
        try await reloadDefinitions()
    }

    /// Reads every definition again, after changes this node may have missed.
    public func reloadDefinitions() async throws {
        let all = try await store.all()
        definitions.withLock { cache in
            cache = Definitions()
            for trigger in all { cache[trigger.name] = trigger.definition }
        }
    }

    /// Reads one trigger's definition again after another node changed it (or forgets a deleted one).
    public func refresh(named name: String) async throws {
        let definition = try await store.trigger(named: name)?.definition
        definitions.withLock { $0[name] = definition }
    }

    /// A trigger this node does not know yet (created on another node a moment ago, before its change
    /// notice arrived) is looked for in the store; true when it is known now.
    public func lookUpIfUnknown(named name: String) async throws -> Bool {
        if definition(named: name) != nil { return true }
        let now = ContinuousClock.now
        let mayRead = lookedUp.withLock { lookedUp in
            if lookedUp.count > 10_000 { lookedUp.removeAll() }
            guard lookedUp[name].map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            lookedUp[name] = now
            return true
        }
        guard mayRead else { return false }
        try await refresh(named: name)
        return definition(named: name) != nil
    }

    /// The definition events are validated against; nil for an unknown trigger.
    public func definition(named name: String) -> TriggerDefinition? {
        definitions.withLock { $0[name] }
    }

    /// The trigger a Segment-style `event` names, by its name or its `eventName`.
    public func triggerName(forEvent event: String) -> String? {
        definitions.withLock { cache in
            cache[event] != nil ? event : cache.byName.values.first { $0.eventName == event }?.name
        }
    }

    /// Custom triggers await their integration; record triggers need no code, so they are ready at once.
    public func create(_ definition: TriggerDefinition) async throws -> Trigger {
        let now = clock.now()
        let trigger =
            definition.kind == .record
            ? Trigger(definition: definition, status: .ready, createdAt: now, verifiedAt: now, readyAt: now)
            : Trigger(definition: definition, status: .awaitingIntegration, createdAt: now)
        try checkNames(of: definition)
        guard try await store.create(trigger) else { throw FlintError(.triggerExists, "A trigger named \(definition.name) already exists") }
        definitions.withLock { $0[definition.name] = definition }
        changes.publish(.trigger(definition.name))
        return trigger
    }

    public func all() async throws -> [Trigger] {
        try await store.all()
    }

    /// One page of the triggers matching `query` (name or title), for lists that must stay fast at scale.
    public func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int) {
        try await store.page(matching: query, offset: offset, limit: limit)
    }

    /// Every trigger's name, from memory.
    public var names: [String] {
        definitions.withLock { Array($0.byName.keys).sorted() }
    }

    public func trigger(named name: String) async throws -> Trigger {
        guard let trigger = try await store.trigger(named: name) else { throw FlintError.notFound("Trigger \(name)") }
        return trigger
    }

    /// Applies a change; breaking changes are refused while a live journey uses the trigger.
    public func update(named name: String, with patch: TriggerPatch) async throws -> Trigger {
        let current = try await trigger(named: name)
        try refuseBuiltin(current, "changed")
        if current.definition.kind == .record, patch.attributes != nil || patch.customerType != nil || patch.eventName != nil {
            throw FlintError(
                .invalidTrigger, "A record trigger takes its attributes and customer type from entity \(current.definition.source?.entity ?? "")",
                details: [Problem(field: "attributes", problem: "change the entity's fields with PUT /api/v1/entities/{entity}")])
        }
        let breaking = patch.breakingChanges(from: current.definition)
        if !breaking.isEmpty, current.isUsedByLiveJourney {
            throw FlintError(
                .triggerInUse, "A live journey uses trigger \(name); stop it or make a new version first", details: breaking)
        }
        let definition = patch.applied(to: current.definition)
        try checkNames(of: definition)
        guard try await store.update(definition) else { throw FlintError.notFound("Trigger \(name)") }
        definitions.withLock { $0[name] = definition }
        changes.publish(.trigger(name))
        return try await trigger(named: name)
    }

    public func delete(named name: String) async throws {
        let current = try await trigger(named: name)
        try refuseBuiltin(current, "deleted")
        if !current.usedIn.isEmpty {
            throw FlintError(
                .triggerInUse, "Journeys use trigger \(name): \(current.usedIn.map(\.name).joined(separator: ", "))")
        }
        guard try await store.delete(named: name) else { throw FlintError.notFound("Trigger \(name)") }
        definitions.withLock { $0[name] = nil }
        changes.publish(.trigger(name))
    }

    /// The record triggers watching `entity`.
    public func recordTriggers(of entity: String) -> [TriggerDefinition] {
        definitions.withLock { $0.recordTriggers[entity] ?? [] }
    }

    /// Gives `entity`'s record triggers its current fields and customer type, after the entity changed.
    public func entityChanged(_ entity: EntityDefinition) async throws {
        for var definition in recordTriggers(of: entity.name) {
            definition.attributes = entity.fields
            definition.customerType = entity.customerType
            _ = try await store.update(definition)
            definitions.withLock { $0[definition.name] = definition }
            changes.publish(.trigger(definition.name))
        }
    }

    /// Marks a verified trigger ready to use in journeys.
    public func markReady(named name: String) async throws -> Trigger {
        guard let trigger = try await store.markReady(named: name, at: clock.now()) else { throw FlintError.notFound("Trigger \(name)") }
        if trigger.status == .awaitingIntegration {
            throw FlintError(
                .integrationNotVerified, "Trigger \(name) has not received a valid event yet; send one with the snippet, then mark it ready")
        }
        changes.publish(.trigger(name))
        return trigger
    }

    /// Refuses an `eventName` that another trigger uses as its name or event name, and a name that
    /// another trigger uses as its event name: Segment-style clients name triggers by either.
    private func checkNames(of definition: TriggerDefinition) throws {
        try definitions.withLock { cache in
            let others = cache.byName.values.filter { $0.name != definition.name }
            if let owner = others.first(where: { $0.eventName == definition.name }) {
                throw FlintError(
                    .invalidTrigger, "The name is taken",
                    details: [Problem(field: "name", problem: "\"\(definition.name)\" is the eventName of trigger \(owner.name)")])
            }
            guard let eventName = definition.eventName,
                let owner = others.first(where: { $0.eventName == eventName || $0.name == eventName })
            else { return }
            throw FlintError(
                .invalidTrigger, "The event name is taken",
                details: [Problem(field: "eventName", problem: "\"\(eventName)\" already names trigger \(owner.name)")])
        }
    }

    private func refuseBuiltin(_ trigger: Trigger, _ verb: String) throws {
        if trigger.definition.kind == .builtin {
            throw FlintError(.triggerReadOnly, "Built-in trigger \(trigger.name) cannot be \(verb)")
        }
    }
}

extension TriggerCatalog {
    /// The definitions by name, and the record triggers by the entity they watch (sorted by name), kept
    /// together so a record write finds its triggers without scanning the catalog.
    fileprivate struct Definitions {
        private(set) var byName: [String: TriggerDefinition] = [:]
        private(set) var recordTriggers: [String: [TriggerDefinition]] = [:]

        subscript(name: String) -> TriggerDefinition? {
            get { byName[name] }
            set {
                if let entity = byName[name]?.source?.entity {
                    recordTriggers[entity]?.removeAll { $0.name == name }
                    if recordTriggers[entity]?.isEmpty == true { recordTriggers[entity] = nil }
                }
                byName[name] = newValue
                if let newValue, let entity = newValue.source?.entity {
                    recordTriggers[entity, default: []].append(newValue)
                    recordTriggers[entity]?.sort { $0.name < $1.name }
                }
            }
        }
    }
}
