import FlintCore
import Foundation
import Logging
import PostgresNIO

/// ``TriggerStore`` on the `triggers` table.
public struct PostgresTriggerStore: TriggerStore {
    let client: PostgresClient
    let logger: Logger

    public func create(_ trigger: Trigger) async throws -> Bool {
        try await Self.mappingEventNameClash {
            try await client.query(try Self.insert(trigger, onConflict: "DO NOTHING RETURNING name"), logger: logger).collect().count == 1
        }
    }

    public func createMissing(_ triggers: [Trigger]) async throws {
        for trigger in triggers { try await client.query(try Self.insert(trigger, onConflict: "DO NOTHING"), logger: logger) }
    }

    public func trigger(named name: String) async throws -> Trigger? {
        guard var trigger = try await client.query("\(unescaped: Self.select) WHERE t.name = \(name)", logger: logger).collect().first.map(Self.trigger(from:))
        else { return nil }
        trigger.usedIn = try await usages(of: [name])[name] ?? []
        return trigger
    }

    public func all() async throws -> [Trigger] {
        let rows = try await client.query("\(unescaped: Self.select) ORDER BY t.name COLLATE \"C\"", logger: logger).collect()
        return try await withUsages(try rows.map(Self.trigger(from:)))
    }

    public func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int) {
        let pattern = "%" + query.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let total = try await client.query(
            "SELECT count(*) FROM triggers WHERE name LIKE \(pattern) OR lower(title) LIKE \(pattern)", logger: logger
        ).decode(Int.self).first() ?? 0
        let rows = try await client.query(
            """
            \(unescaped: Self.select) WHERE t.name LIKE \(pattern) OR lower(t.title) LIKE \(pattern)
            ORDER BY lower(t.title) COLLATE "C", t.name COLLATE "C" LIMIT \(limit) OFFSET \(offset)
            """, logger: logger
        ).collect()
        return (try await withUsages(try rows.map(Self.trigger(from:))), total)
    }

    public func update(_ definition: TriggerDefinition) async throws -> Bool {
        let attributes = try Self.encode(definition.attributes)
        return try await Self.mappingEventNameClash { try await client.query(
            """
            UPDATE triggers SET title = \(definition.title), description = \(definition.description),
                customer_type = \(definition.customerType.rawValue), event_name = \(definition.eventName), attributes = \(attributes)
            WHERE name = \(definition.name) RETURNING name
            """, logger: logger
        ).collect().count == 1 }
    }

    /// The unique constraint on `event_name` refused a race the engine's check could not see.
    private static func mappingEventNameClash<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" && error.serverInfo?[.constraintName] == "triggers_event_name_key" {
            throw FlintError.eventNameTaken
        }
    }

    public func delete(named name: String) async throws -> Bool {
        try await client.query("DELETE FROM triggers WHERE name = \(name) RETURNING name", logger: logger).collect().count == 1
    }

    public func markReady(named name: String, at time: Date) async throws -> Trigger? {
        try await client.query(
            "UPDATE triggers SET status = 'ready', ready_at = \(time.millisecondsSince1970) WHERE name = \(name) AND status = 'integrationVerified'",
            logger: logger)
        return try await trigger(named: name)
    }

    /// A trigger's row with the counts of commits not yet folded in (``PostgresStore/foldTallies()``).
    private static let select = """
        SELECT t.name, t.kind, t.title, t.description, t.customer_type, t.event_name, t.attributes, t.status, t.created_at,
            t.verified_at, t.ready_at, t.record_source,
            t.event_count + coalesce(d.accepted, 0) AS event_count, t.rejected_count + coalesce(d.rejected, 0) AS rejected_count,
            greatest(t.last_event_at, d.last_event_at) AS last_event_at
        FROM triggers t LEFT JOIN (
            SELECT trigger_name, sum(accepted)::bigint AS accepted, sum(rejected)::bigint AS rejected, max(last_event_at) AS last_event_at
            FROM trigger_tallies GROUP BY trigger_name
        ) d ON d.trigger_name = t.name
        """

    /// Folds the tallies of past commits into the triggers' counters, in one statement (concurrent
    /// folds on several nodes each take distinct tally rows, so nothing is counted twice).
    static func foldTallies(client: PostgresClient, logger: Logger) async throws {
        try await client.query(
            """
            WITH moved AS (DELETE FROM trigger_tallies RETURNING trigger_name, accepted, rejected, last_event_at),
            sums AS (
                SELECT trigger_name, sum(accepted)::bigint AS accepted, sum(rejected)::bigint AS rejected, max(last_event_at) AS last_event_at
                FROM moved GROUP BY trigger_name)
            UPDATE triggers t SET event_count = t.event_count + s.accepted, rejected_count = t.rejected_count + s.rejected,
                last_event_at = greatest(t.last_event_at, s.last_event_at)
            FROM sums s WHERE t.name = s.trigger_name
            """, logger: logger)
    }

    private func withUsages(_ triggers: [Trigger]) async throws -> [Trigger] {
        let usages = try await usages(of: triggers.map(\.name))
        return triggers.map { trigger in
            var trigger = trigger
            trigger.usedIn = usages[trigger.name] ?? []
            return trigger
        }
    }

    /// The journeys using each of `names`, oldest journey first.
    private func usages(of names: [String]) async throws -> [String: [JourneyUsage]] {
        guard !names.isEmpty else { return [:] }
        let rows = try await client.query(
            """
            SELECT t.trigger_name, j.id, j.name, j.status FROM journey_triggers t JOIN journeys j ON j.id = t.journey_id
            WHERE t.trigger_name = ANY(\(names)) ORDER BY j.created_at, j.id COLLATE "C"
            """, logger: logger
        ).decode((String, String, String, String).self)
        var usages: [String: [JourneyUsage]] = [:]
        for try await (trigger, id, name, status) in rows {
            usages[trigger, default: []].append(JourneyUsage(id: id, name: name, status: status))
        }
        return usages
    }

    private static func insert(_ trigger: Trigger, onConflict: String) throws -> PostgresQuery {
        let definition = trigger.definition
        let attributes = try encode(definition.attributes)
        let source = try definition.source.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        return """
            INSERT INTO triggers (name, kind, title, description, customer_type, event_name, attributes, status,
                created_at, verified_at, ready_at, event_count, rejected_count, last_event_at, record_source)
            VALUES (\(definition.name), \(definition.kind.rawValue), \(definition.title), \(definition.description),
                \(definition.customerType.rawValue), \(definition.eventName), \(attributes), \(trigger.status.rawValue),
                \(trigger.createdAt.millisecondsSince1970), \(trigger.verifiedAt?.millisecondsSince1970),
                \(trigger.readyAt?.millisecondsSince1970), \(Int64(trigger.eventCount)), \(Int64(trigger.rejectedCount)),
                \(trigger.lastEventAt?.millisecondsSince1970), \(source))
            ON CONFLICT (name) \(unescaped: onConflict)
            """
    }

    static func encode(_ attributes: [AttributeDefinition]) throws -> String {
        String(decoding: try JSONEncoder().encode(attributes), as: UTF8.self)
    }

    static func trigger(from row: PostgresRow) throws -> Trigger {
        let row = row.columns
        let attributesJSON: String = try row.value("attributes")
        let sourceJSON: String? = try row.value("record_source")
        let definition = TriggerDefinition(
            name: try row.value("name"), title: try row.value("title"), description: try row.value("description"),
            kind: TriggerKind(rawValue: try row.value("kind")) ?? .custom,
            customerType: CustomerType(rawValue: try row.value("customer_type")) ?? .contact,
            eventName: try row.value("event_name"),
            attributes: try JSONDecoder().decode([AttributeDefinition].self, from: Data(attributesJSON.utf8)),
            source: try sourceJSON.map { try JSONDecoder().decode(RecordTriggerSource.self, from: Data($0.utf8)) })
        return Trigger(
            definition: definition,
            status: TriggerStatus(rawValue: try row.value("status")) ?? .awaitingIntegration,
            createdAt: Date(millisecondsSince1970: try row.value("created_at")),
            verifiedAt: try row.value("verified_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            readyAt: try row.value("ready_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            eventCount: try row.value("event_count"), rejectedCount: try row.value("rejected_count"),
            lastEventAt: try row.value("last_event_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
