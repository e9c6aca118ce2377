/// The stores Flint runs on, picked once at start-up (SQLite embedded, PostgreSQL for several nodes).
public struct Storage: Sendable {
    public var triggers: any TriggerStore
    public var events: any EventStore
    public var keys: any IngestionKeyStore
    public var settings: any SettingsStore
    public var health: any StorageHealth
    public var journeys: any JourneyStore
    public var runs: any RunStore
    public var customers: any CustomerStore
    public var eventLog: any EventLogReader
    public var entities: any EntityStore
    public var users: any UserStore
    public var developerLinks: any DeveloperLinkStore
    public var retention: any RetentionStore

    public init(
        triggers: any TriggerStore, events: any EventStore, keys: any IngestionKeyStore,
        settings: any SettingsStore, health: any StorageHealth, journeys: any JourneyStore, runs: any RunStore,
        customers: any CustomerStore, eventLog: any EventLogReader, entities: any EntityStore,
        users: any UserStore, developerLinks: any DeveloperLinkStore, retention: any RetentionStore
    ) {
        self.retention = retention
        self.users = users
        self.developerLinks = developerLinks
        self.entities = entities
        self.triggers = triggers
        self.events = events
        self.keys = keys
        self.settings = settings
        self.health = health
        self.journeys = journeys
        self.runs = runs
        self.customers = customers
        self.eventLog = eventLog
    }
}
