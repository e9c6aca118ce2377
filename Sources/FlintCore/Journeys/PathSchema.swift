/// What journey paths are checked against: the entry trigger and the declared entities, so
/// `trigger.order.store.city` is typed from the `store` entity's `city` field.
public struct PathSchema {
    public let trigger: TriggerDefinition
    public let entities: (String) -> EntityDefinition?

    /// The most references a path may follow (`trigger.order.store.region.country.name` follows four).
    public static let maximumHops = 5

    public init(trigger: TriggerDefinition, entities: @escaping (String) -> EntityDefinition? = { _ in nil }) {
        self.trigger = trigger
        self.entities = entities
    }
}
