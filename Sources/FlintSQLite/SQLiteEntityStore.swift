import FlintCore
import Foundation
import GRDB

/// ``EntityStore`` on the `entities` and `records` tables. Record writes happen in ``CommitWriter``.
public struct SQLiteEntityStore: EntityStore {
    let pool: DatabasePool

    public func put(_ entity: EntityDefinition, at time: Int64) async throws -> Bool {
        let fields = try SQLiteTriggerStore.encode(entity.fields)
        return try await pool.write { db in
            let existed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM entities WHERE name = ?)", arguments: [entity.name]) ?? false
            try db.execute(
                sql: """
                    INSERT INTO entities (name, title, customer_type, fields, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                    ON CONFLICT (name) DO UPDATE SET title = ?2, customer_type = ?3, fields = ?4, updated_at = ?5
                    """,
                arguments: [entity.name, entity.title, entity.customerType.rawValue, fields, time])
            return !existed
        }
    }

    public func entity(named name: String) async throws -> EntityDefinition? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM entities WHERE name = ?", arguments: [name]).map(Self.entity(from:))
        }
    }

    public func entities() async throws -> [EntityDefinition] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM entities ORDER BY name").map(Self.entity(from:))
        }
    }

    public func record(entity: String, id: String) async throws -> EntityRecord? {
        try await pool.read { db in try Self.record(db: db, entity: entity, id: id) }
    }

    public func records(entity: String, customerId: String?, limit: Int) async throws -> [EntityRecord] {
        try await pool.read { db in
            let rows =
                if let customerId {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM records WHERE entity = ? AND customer_id = ? ORDER BY updated_at DESC, id LIMIT ?",
                        arguments: [entity, customerId, limit])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM records WHERE entity = ? ORDER BY updated_at DESC, id LIMIT ?", arguments: [entity, limit])
                }
            return try rows.map(Self.record(from:))
        }
    }

    public func deleteRecord(entity: String, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM records WHERE entity = ? AND id = ?", arguments: [entity, id])
            return db.changesCount > 0
        }
    }

    static func record(db: Database, entity: String, id: String) throws -> EntityRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE entity = ? AND id = ?"), arguments: [entity, id]).map(record(from:))
    }

    static func record(from row: Row) throws -> EntityRecord {
        let fields: String = row["fields"]
        guard case .object(let object) = try JSONParser.parse(fields, maximumDepth: 64) else {
            throw FlintError(.internalError, "record fields are not a JSON object")
        }
        return EntityRecord(
            entity: row["entity"], id: row["id"], customerId: row["customer_id"], fields: object, version: row["version"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    static func entity(from row: Row) throws -> EntityDefinition {
        let fields: String = row["fields"]
        return EntityDefinition(
            name: row["name"], title: row["title"], customerType: CustomerType(rawValue: row["customer_type"]) ?? .contact,
            fields: try JSONDecoder().decode([AttributeDefinition].self, from: Data(fields.utf8)))
    }
}
