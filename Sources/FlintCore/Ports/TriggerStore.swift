import Foundation

/// Where trigger definitions, their status and counters live.
public protocol TriggerStore: Sendable {
    /// Stores a new trigger; throws `trigger_exists` when the name is taken and
    /// `invalid_trigger` when another trigger already uses its `eventName`.
    func create(_ trigger: Trigger) async throws
    /// Stores built-in triggers that are not there yet; existing ones keep their counters.
    func createMissing(_ triggers: [Trigger]) async throws
    func trigger(named name: String) async throws -> Trigger?
    /// Every trigger, built-in ones included, by name.
    func all() async throws -> [Trigger]
    /// One page of the triggers whose name or title contains `query` (case-insensitive; all when empty),
    /// ordered by title then name, with how many match in all.
    func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int)
    /// Replaces a trigger's definition (its name stays); throws `invalid_trigger` on an `eventName` clash.
    func update(_ definition: TriggerDefinition) async throws
    /// Deletes a trigger with its events and inspector entries; false when there was none.
    func delete(named name: String) async throws -> Bool
    /// Moves a verified trigger to `ready`; throws `integration_not_verified` when no valid event arrived yet.
    func markReady(named name: String, at time: Date) async throws -> Trigger
}
