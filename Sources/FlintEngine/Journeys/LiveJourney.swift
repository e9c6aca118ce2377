import FlintCore

/// A published journey version, compiled, as the dispatcher and runner use it.
public struct LiveJourney: Sendable {
    public var id: String
    public var version: Int
    public var definition: JourneyDefinition
    public var program: JourneyProgram
    /// Events received before this time (milliseconds since 1970) do not start runs.
    public var liveSince: Int64
    /// Every path its conditions and templates read, worked out once.
    public var readPaths: [String]

    public init(id: String, version: Int, definition: JourneyDefinition, liveSince: Int64) {
        self.id = id
        self.version = version
        self.definition = definition
        self.program = JourneyProgram(definition)
        self.liveSince = liveSince
        self.readPaths = definition.readPaths
    }
}

/// Live journeys indexed by the triggers that concern them, so dispatching an event is a lookup.
struct LiveJourneyIndex: Sendable {
    private(set) var byEntryTrigger: [String: [LiveJourney]] = [:]
    /// Journey ids by exit trigger.
    private(set) var byExitTrigger: [String: [String]] = [:]
    /// Triggers some live or recently live journey waits for.
    private(set) var awaitedTriggers: Set<String> = []
    private(set) var liveIds: Set<String> = []
    /// Entry and exit triggers of live journeys.
    private(set) var triggers: Set<String> = []

    init(_ journeys: [LiveJourney]) {
        for journey in journeys {
            liveIds.insert(journey.id)
            triggers.insert(journey.definition.trigger)
            if let exit = journey.definition.exitTrigger { triggers.insert(exit) }
            byEntryTrigger[journey.definition.trigger, default: []].append(journey)
            if let exit = journey.definition.exitTrigger { byExitTrigger[exit, default: []].append(journey.id) }
            awaitedTriggers.formUnion(journey.definition.awaitedTriggers)
        }
    }
}
