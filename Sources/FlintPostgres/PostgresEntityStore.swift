import FlintCore
import Foundation
import Logging
import PostgresNIO

/// ``EntityStore`` on the `entities` and `records` tables. Record writes happen in the group commit.
public struct PostgresEntityStore: EntityStore {
    let client: PostgresClient
    let logger: Logger

    public func put(_ entity: EntityDefinition, at time: Int64) async throws -> Bool {
        let fields = try PostgresTriggerStore.encode(entity.fields)
        return try await client.query(
            """
            INSERT INTO entities (name, title, customer_type, fields, created_at, updated_at)
            VALUES (\(entity.name), \(entity.title), \(entity.customerType.rawValue), \(fields), \(time), \(time))
            ON CONFLICT (name) DO UPDATE SET
                title = excluded.title, customer_type = excluded.customer_type, fields = excluded.fields, updated_at = excluded.updated_at
            RETURNING xmax = 0
            """, logger: logger
        ).decode(Bool.self).first() ?? false
    }

    public func entity(named name: String) async throws -> EntityDefinition? {
        try await client.query("SELECT * FROM entities WHERE name = \(name)", logger: logger).collect().first.map(Self.entity(from:))
    }

    public func entities() async throws -> [EntityDefinition] {
        try await client.query("SELECT * FROM entities ORDER BY name COLLATE \"C\"", logger: logger).collect().map(Self.entity(from:))
    }

    public func record(entity: String, id: String) async throws -> EntityRecord? {
        try await client.withConnection { try await Self.record(entity: entity, id: id, on: $0, logger: logger) }
    }

    public func records(entity: String, customerId: String?, limit: Int) async throws -> [EntityRecord] {
        let rows =
            if let customerId {
                try await client.query(
                    """
                    SELECT * FROM records WHERE entity = \(entity) AND customer_id = \(customerId)
                    ORDER BY updated_at DESC, id COLLATE "C" LIMIT \(limit)
                    """, logger: logger
                ).collect()
            } else {
                try await client.query(
                    "SELECT * FROM records WHERE entity = \(entity) ORDER BY updated_at DESC, id COLLATE \"C\" LIMIT \(limit)", logger: logger
                ).collect()
            }
        return try rows.map(Self.record(from:))
    }

    public func deleteRecord(entity: String, id: String) async throws -> Bool {
        try await client.query("DELETE FROM records WHERE entity = \(entity) AND id = \(id) RETURNING id", logger: logger).collect().count == 1
    }

    static func record(entity: String, id: String, on connection: PostgresConnection, logger: Logger) async throws -> EntityRecord? {
        try await connection.query("SELECT * FROM records WHERE entity = \(entity) AND id = \(id)", logger: logger)
            .collect().first.map(record(from:))
    }

    static func record(from row: PostgresRow) throws -> EntityRecord {
        let row = row.columns
        guard case .object(let fields) = try JSONParser.parse(try row.value("fields", as: String.self), maximumDepth: 64) else {
            throw FlintError(.internalError, "record fields are not a JSON object")
        }
        return EntityRecord(
            entity: try row.value("entity"), id: try row.value("id"), customerId: try row.value("customer_id"), fields: fields,
            version: try row.value("version"), createdAt: try row.value("created_at"), updatedAt: try row.value("updated_at"))
    }

    static func entity(from row: PostgresRow) throws -> EntityDefinition {
        let row = row.columns
        return EntityDefinition(
            name: try row.value("name"), title: try row.value("title"),
            customerType: CustomerType(rawValue: try row.value("customer_type")) ?? .contact,
            fields: try JSONDecoder().decode([AttributeDefinition].self, from: Data(try row.value("fields", as: String.self).utf8)))
    }
}
