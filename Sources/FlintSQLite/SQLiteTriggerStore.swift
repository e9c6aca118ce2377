import FlintCore
import Foundation
import GRDB

/// ``TriggerStore`` on the `triggers` table.
public struct SQLiteTriggerStore: TriggerStore {
    let pool: DatabasePool

    public func create(_ trigger: Trigger) async throws -> Bool {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM triggers WHERE name = ?)", arguments: [trigger.name]) == true {
                return false
            }
            try Self.mappingEventNameClash { try insert(trigger, db: db) }
            return true
        }
    }

    public func createMissing(_ triggers: [Trigger]) async throws {
        try await pool.write { db in
            for trigger in triggers
            where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM triggers WHERE name = ?)", arguments: [trigger.name]) != true {
                try insert(trigger, db: db)
            }
        }
    }

    public func trigger(named name: String) async throws -> Trigger? {
        try await pool.read { db in
            guard var trigger = try Row.fetchOne(db, sql: "SELECT * FROM triggers WHERE name = ?", arguments: [name]).map(Self.trigger(from:))
            else { return nil }
            trigger.usedIn = try Self.usages(db: db, trigger: name)[name] ?? []
            return trigger
        }
    }

    public func all() async throws -> [Trigger] {
        try await pool.read { db in
            let usages = try Self.usages(db: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM triggers ORDER BY name").map { row in
                var trigger = try Self.trigger(from: row)
                trigger.usedIn = usages[trigger.name] ?? []
                return trigger
            }
        }
    }

    public func page(matching query: String, offset: Int, limit: Int) async throws -> (triggers: [Trigger], total: Int) {
        let pattern = "%" + query.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let filter = "WHERE name LIKE ?1 ESCAPE '\\' OR lower(title) LIKE ?1 ESCAPE '\\'"
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM triggers \(filter)", arguments: [pattern]) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM triggers \(filter) ORDER BY lower(title), name LIMIT ?2 OFFSET ?3", arguments: [pattern, limit, offset])
            var triggers = try rows.map(Self.trigger(from:))
            for index in triggers.indices {
                triggers[index].usedIn = try Self.usages(db: db, trigger: triggers[index].name)[triggers[index].name] ?? []
            }
            return (triggers, total)
        }
    }

    /// The journeys using each trigger (or only `trigger`), oldest journey first.
    private static func usages(db: Database, trigger: String? = nil) throws -> [String: [JourneyUsage]] {
        let select = "SELECT t.trigger_name, j.id, j.name, j.status FROM journey_triggers t JOIN journeys j ON j.id = t.journey_id"
        let order = "ORDER BY j.created_at, j.id"
        let rows =
            if let trigger {
                try Row.fetchAll(db, sql: "\(select) WHERE t.trigger_name = ? \(order)", arguments: [trigger])
            } else {
                try Row.fetchAll(db, sql: "\(select) \(order)")
            }
        var usages: [String: [JourneyUsage]] = [:]
        for row in rows {
            usages[row["trigger_name"], default: []].append(JourneyUsage(id: row["id"], name: row["name"], status: row["status"]))
        }
        return usages
    }

    public func update(_ definition: TriggerDefinition) async throws -> Bool {
        try await pool.write { db in
            try Self.mappingEventNameClash {
                try db.execute(
                    sql: """
                        UPDATE triggers SET title = ?, description = ?, customer_type = ?, event_name = ?, attributes = ?
                        WHERE name = ?
                        """,
                    arguments: [
                        definition.title, definition.description, definition.customerType.rawValue, definition.eventName,
                        try Self.encode(definition.attributes), definition.name,
                    ])
            }
            return db.changesCount > 0
        }
    }

    public func delete(named name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM triggers WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func markReady(named name: String, at time: Date) async throws -> Trigger? {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE triggers SET status = 'ready', ready_at = ? WHERE name = ? AND status = 'integrationVerified'",
                arguments: [time.millisecondsSince1970, name])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM triggers WHERE name = ?", arguments: [name]) else { return nil }
            var trigger = try Self.trigger(from: row)
            trigger.usedIn = try Self.usages(db: db, trigger: name)[name] ?? []
            return trigger
        }
    }

    private static func mappingEventNameClash(_ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("event_name") == true {
            throw FlintError.eventNameTaken
        }
    }

    private func insert(_ trigger: Trigger, db: Database) throws {
        let definition = trigger.definition
        try db.execute(
            sql: """
                INSERT INTO triggers (name, kind, title, description, customer_type, event_name, attributes, status,
                    created_at, verified_at, ready_at, event_count, rejected_count, last_event_at, record_source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                definition.name, definition.kind.rawValue, definition.title, definition.description,
                definition.customerType.rawValue, definition.eventName, try Self.encode(definition.attributes),
                trigger.status.rawValue, trigger.createdAt.millisecondsSince1970,
                trigger.verifiedAt?.millisecondsSince1970, trigger.readyAt?.millisecondsSince1970,
                trigger.eventCount, trigger.rejectedCount, trigger.lastEventAt?.millisecondsSince1970,
                try definition.source.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) },
            ])
    }

    static func encode(_ attributes: [AttributeDefinition]) throws -> String {
        String(decoding: try JSONEncoder().encode(attributes), as: UTF8.self)
    }

    static func trigger(from row: Row) throws -> Trigger {
        let attributesJSON: String = row["attributes"]
        let sourceJSON: String? = row["record_source"]
        let definition = TriggerDefinition(
            name: row["name"], title: row["title"], description: row["description"],
            kind: TriggerKind(rawValue: row["kind"]) ?? .custom,
            customerType: CustomerType(rawValue: row["customer_type"]) ?? .contact,
            eventName: row["event_name"],
            attributes: try JSONDecoder().decode([AttributeDefinition].self, from: Data(attributesJSON.utf8)),
            source: try sourceJSON.map { try JSONDecoder().decode(RecordTriggerSource.self, from: Data($0.utf8)) })
        return Trigger(
            definition: definition,
            status: TriggerStatus(rawValue: row["status"]) ?? .awaitingIntegration,
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            verifiedAt: (row["verified_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            readyAt: (row["ready_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            eventCount: row["event_count"], rejectedCount: row["rejected_count"],
            lastEventAt: (row["last_event_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
