/// The stores Flint runs on, picked once at start-up (SQLite embedded, PostgreSQL for several nodes).
public struct Storage: Sendable {
    public var triggers: any TriggerStore
    public var events: any EventStore
    public var keys: any IngestionKeyStore
    public var settings: any SettingsStore
    public var health: any StorageHealth

    public init(
        triggers: any TriggerStore, events: any EventStore, keys: any IngestionKeyStore,
        settings: any SettingsStore, health: any StorageHealth
    ) {
        self.triggers = triggers
        self.events = events
        self.keys = keys
        self.settings = settings
        self.health = health
    }
}
