import Foundation

/// Where trigger definitions, their status and counters live.
public protocol TriggerStore: Sendable {
    /// Stores a new trigger; false when the name is taken. (The engine checks names against event
    /// names before; the store's unique constraints are the last line.)
    @discardableResult
    func create(_ trigger: Trigger) async throws -> Bool
    /// Stores built-in triggers that are not there yet; existing ones keep their counters.
    func createMissing(_ triggers: [Trigger]) async throws
    func trigger(named name: String) async throws -> Trigger?
    /// Every trigger, built-in ones included, by name.
    func all() async throws -> [Trigger]
    /// One page of the triggers whose name or title contains `query` (case-insensitive; all when empty),
    /// ordered by title then name, with how many match in all.
    func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int)
    /// Replaces a trigger's definition (its name stays); false when there is no such trigger.
    @discardableResult
    func update(_ definition: TriggerDefinition) async throws -> Bool
    /// Deletes a trigger with its events and inspector entries; false when there was none.
    func delete(named name: String) async throws -> Bool
    /// Moves a trigger whose integration is verified to `ready` and returns it (unchanged when it was
    /// not verified yet: the engine tells the user why); nil when there is no such trigger.
    func markReady(named name: String, at time: Date) async throws -> Trigger?
}
