import Foundation

/// A trigger as stored: its definition plus lifecycle status and ingestion counters.
public struct Trigger: Sendable, Equatable {
    public var definition: TriggerDefinition
    public var status: TriggerStatus
    public var createdAt: Date
    public var verifiedAt: Date?
    public var readyAt: Date?
    /// Accepted events, duplicates excluded.
    public var eventCount: Int
    public var rejectedCount: Int
    /// When the latest accepted event was received.
    public var lastEventAt: Date?
    /// Journeys that use this trigger.
    public var usedIn: [JourneyUsage]

    public init(
        definition: TriggerDefinition, status: TriggerStatus, createdAt: Date, verifiedAt: Date? = nil,
        readyAt: Date? = nil, eventCount: Int = 0, rejectedCount: Int = 0, lastEventAt: Date? = nil,
        usedIn: [JourneyUsage] = []
    ) {
        self.definition = definition
        self.status = status
        self.createdAt = createdAt
        self.verifiedAt = verifiedAt
        self.readyAt = readyAt
        self.eventCount = eventCount
        self.rejectedCount = rejectedCount
        self.lastEventAt = lastEventAt
        self.usedIn = usedIn
    }

    public var name: String { definition.name }

    /// Whether a live journey depends on this trigger's schema, so breaking changes must be refused.
    public var isUsedByLiveJourney: Bool {
        usedIn.contains { $0.status == "live" }
    }
}

/// A journey that uses a trigger, as listed in the trigger's `usedIn`.
public struct JourneyUsage: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var status: String

    public init(id: String, name: String, status: String) {
        self.id = id
        self.name = name
        self.status = status
    }
}
