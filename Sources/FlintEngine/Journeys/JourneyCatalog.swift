import FlintCore
import Foundation
import Synchronization

/// Creates, versions, publishes and stops journeys, and keeps the live ones indexed in memory.
public final class JourneyCatalog: Sendable {
    /// A journey with its parsed current definition, as the API shows it.
    public struct Entry: Sendable {
        public var stored: StoredJourney
        public var definition: JourneyDefinition
    }

    private let store: any JourneyStore
    private let triggers: TriggerCatalog
    private let clock: any WallClock
    private let ids: any IdentifierSource
    private let changes: any ChangeFeed
    /// The store's ``JourneyStore/stamp()`` when the index was last rebuilt by ``reloadIfChanged()``.
    private let loadedStamp = Mutex<String?>(nil)
    private let index = Mutex(LiveJourneyIndex([]))
    /// Compiled programs by journey id and version; versions never change once runs exist.
    private let programs = Mutex<[String: LiveJourney]>([:])

    /// The declared entities, which type paths through records (`trigger.order.total`) at creation.
    private let entities: EntityCatalog?

    public init(
        store: any JourneyStore, triggers: TriggerCatalog, clock: any WallClock, changes: any ChangeFeed,
        entities: EntityCatalog? = nil, ids: any IdentifierSource = RandomIdentifiers()
    ) {
        self.entities = entities
        self.store = store
        self.triggers = triggers
        self.clock = clock
        self.ids = ids
        self.changes = changes
    }

    /// Loads live journeys into the index; at start-up, and again when another node changed one.
    public func load() async throws {
        try await rebuildIndex()
    }

    public func create(_ body: JSONValue) async throws -> Entry {
        let definition = try parse(body)
        let now = clock.now().millisecondsSince1970
        let stored = StoredJourney(
            id: ids.make(prefix: "jrn_"), name: definition.name,
            trigger: definition.trigger, status: .draft, version: 1, definitionJSON: definition.json.serialized(),
            liveSince: nil, createdAt: now, updatedAt: now)
        try await store.create(stored, triggers: definition.referencedTriggers)
        return Entry(stored: stored, definition: definition)
    }

    /// Replaces the definition. Once a run started on the current version, the change becomes a new
    /// version and runs in progress finish on theirs.
    public func update(id: String, with body: JSONValue) async throws -> Entry {
        var stored = try await storedJourney(id: id)
        let definition = try parse(body)
        if stored.status == .live { try await requireReady(definition) }
        if try await store.hasRuns(id: id, version: stored.version) { stored.version += 1 }
        stored.name = definition.name
        stored.trigger = definition.trigger
        stored.definitionJSON = definition.json.serialized()
        stored.updatedAt = clock.now().millisecondsSince1970
        try await store.saveVersion(stored, triggers: definition.referencedTriggers)
        if stored.status == .live { try await indexChanged() }
        return Entry(stored: stored, definition: definition)
    }

    /// Makes the journey live; every trigger it uses must be `ready`.
    public func publish(id: String) async throws -> Entry {
        let entry = try await journey(id: id)
        try await requireReady(entry.definition)
        let now = clock.now().millisecondsSince1970
        try await store.setStatus(id: id, status: .live, liveSince: now, at: now)
        try await indexChanged()
        return try await journey(id: id)
    }

    /// Stops the journey: no new runs start, and runs still going end as `exited` when they next move.
    public func stop(id: String) async throws -> Entry {
        let entry = try await journey(id: id)
        let now = clock.now().millisecondsSince1970
        try await store.setStatus(id: id, status: .stopped, liveSince: entry.stored.liveSince, at: now)
        try await indexChanged()
        return try await journey(id: id)
    }

    public func journey(id: String) async throws -> Entry {
        let stored = try await storedJourney(id: id)
        return Entry(stored: stored, definition: try decode(stored.definitionJSON))
    }

    public func all() async throws -> [Entry] {
        try await store.all().map { Entry(stored: $0, definition: try decode($0.definitionJSON)) }
    }

    /// The live journeys an event of `trigger` may start.
    /// The names of live journeys that read fields of `entity` (through references, lists or record
    /// triggers' attributes), so its fields cannot be removed or retyped under them.
    public func liveJourneyNames(reading entity: String) -> [String] {
        let live = index.withLock { $0.byEntryTrigger.values.flatMap { $0 } }
        return live.filter { journey in
            guard let trigger = triggers.definition(named: journey.definition.trigger) else { return false }
            if trigger.source?.entity == entity { return true }
            let schema = PathSchema(trigger: trigger, entities: { self.entities?.entity(named: $0) })
            return JourneyPaths.entitiesRead(of: journey.readPaths, lists: journey.definition.blockLists, schema: schema).contains(entity)
        }.map(\.definition.name).sorted()
    }

    public func journeys(startedBy trigger: String) -> [LiveJourney] {
        index.withLock { $0.byEntryTrigger[trigger] ?? [] }
    }

    /// The triggers whose events may start or end a live journey's runs.
    public var entryAndExitTriggers: Set<String> {
        index.withLock { $0.triggers }
    }

    /// The live journeys that `trigger` ends.
    public func journeyIds(exitedBy trigger: String) -> [String] {
        index.withLock { $0.byExitTrigger[trigger] ?? [] }
    }

    /// Whether the journey `journeyId` is live, as this node knows it.
    func isLive(journeyId: String) -> Bool {
        index.withLock { $0.liveIds.contains(journeyId) }
    }

    /// The compiled version a run is on, and whether its journey is still live.
    public func program(journeyId: String, version: Int) async throws -> (journey: LiveJourney, isLive: Bool) {
        let isLive = isLive(journeyId: journeyId)
        if let cached = programs.withLock({ $0["\(journeyId)#\(version)"] }) { return (cached, isLive) }
        let stored = try await storedJourney(id: journeyId)
        guard let json = try await store.definitionJSON(id: journeyId, version: version) else {
            throw FlintError.notFound("Version \(version) of journey \(journeyId)")
        }
        let journey = LiveJourney(id: journeyId, version: version, definition: try decode(json), liveSince: stored.liveSince ?? 0)
        programs.withLock { $0["\(journeyId)#\(version)"] = journey }
        return (journey, isLive)
    }

    private func storedJourney(id: String) async throws -> StoredJourney {
        guard let stored = try await store.journey(id: id) else { throw FlintError.notFound("Journey \(id)") }
        return stored
    }

    /// Rebuilds the index if any journey changed since it was built (on another node, whose notice may
    /// not have arrived): the dispatcher asks before each page when several nodes share the store.
    public func reloadIfChanged() async throws {
        let stamp = try await store.stamp()
        guard loadedStamp.withLock({ $0 }) != stamp else { return }
        // The journeys may use triggers made on the other node too (their definitions are read back against them).
        try await triggers.reloadDefinitions()
        try await rebuildIndex()
        loadedStamp.withLock { $0 = stamp }
    }

    /// Rebuilds this node's index after a change made here, and tells the other nodes.
    private func indexChanged() async throws {
        try await rebuildIndex()
        changes.publish(.journeys)
    }

    private func rebuildIndex() async throws {
        var live: [LiveJourney] = []
        for stored in try await store.all() where stored.status == .live {
            live.append(LiveJourney(id: stored.id, version: stored.version, definition: try decode(stored.definitionJSON), liveSince: stored.liveSince ?? 0))
        }
        let rebuilt = LiveJourneyIndex(live)
        index.withLock { $0 = rebuilt }
    }

    private func parse(_ body: JSONValue) throws -> JourneyDefinition {
        try JourneyDefinition.parse(body, triggers: { self.triggers.definition(named: $0) }, entities: { self.entities?.entity(named: $0) })
    }

    /// Stored definitions were valid when saved; they are read back the same way.
    private func decode(_ json: String) throws -> JourneyDefinition {
        try parse(try JSONParser.parse(json, maximumDepth: 160))
    }

    private func requireReady(_ definition: JourneyDefinition) async throws {
        var problems: [Problem] = []
        for name in definition.referencedTriggers {
            let trigger = try await triggers.trigger(named: name)
            if trigger.status != .ready {
                problems.append(Problem(field: "trigger", problem: "\(name) is \(trigger.status.rawValue); mark it ready first"))
            }
        }
        guard problems.isEmpty else {
            throw FlintError(.triggerNotReady, "Every trigger a live journey uses must be ready", details: problems)
        }
    }
}
