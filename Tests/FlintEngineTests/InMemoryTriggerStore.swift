import FlintCore
import Foundation
import Synchronization

/// A ``TriggerStore`` in memory, enough for the catalog's rules (no event counters).
final class InMemoryTriggerStore: TriggerStore {
    private let triggers = Mutex<[String: Trigger]>([:])

    /// Puts `trigger` in place as is, bypassing the checks (for seeding `usedIn`).
    func seed(_ trigger: Trigger) {
        triggers.withLock { $0[trigger.name] = trigger }
    }

    func create(_ trigger: Trigger) async throws -> Bool {
        triggers.withLock { triggers in
            guard triggers[trigger.name] == nil else { return false }
            triggers[trigger.name] = trigger
            return true
        }
    }

    func createMissing(_ triggers: [Trigger]) async throws {
        self.triggers.withLock { stored in
            for trigger in triggers where stored[trigger.name] == nil { stored[trigger.name] = trigger }
        }
    }

    func trigger(named name: String) async throws -> Trigger? {
        triggers.withLock { $0[name] }
    }

    func all() async throws -> [Trigger] {
        triggers.withLock { $0.values.sorted { $0.name < $1.name } }
    }

    func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int) {
        let needle = query.lowercased()
        let matching = try await all()
            .filter { needle.isEmpty || $0.name.contains(needle) || $0.definition.title.lowercased().contains(needle) }
            .sorted { ($0.definition.title.lowercased(), $0.name) < ($1.definition.title.lowercased(), $1.name) }
        return (Array(matching.dropFirst(offset).prefix(limit)), matching.count)
    }

    func update(_ definition: TriggerDefinition) async throws -> Bool {
        triggers.withLock { triggers in
            guard triggers[definition.name] != nil else { return false }
            triggers[definition.name]?.definition = definition
            return true
        }
    }

    func delete(named name: String) async throws -> Bool {
        triggers.withLock { $0.removeValue(forKey: name) != nil }
    }

    func markReady(named name: String, at time: Date) async throws -> Trigger? {
        triggers.withLock { triggers in
            guard var trigger = triggers[name] else { return nil }
            if trigger.status == .integrationVerified {
                trigger.status = .ready
                trigger.readyAt = time
            }
            triggers[name] = trigger
            return trigger
        }
    }
}
