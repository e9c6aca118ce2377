import FlintCore
import Foundation
import Logging
import PostgresNIO

/// ``IngestionKeyStore`` on the `ingestion_keys` table.
public struct PostgresIngestionKeyStore: IngestionKeyStore {
    let client: PostgresClient
    let logger: Logger

    public func insert(_ key: IngestionKey) async throws {
        try await client.query(Self.insertQuery(key), logger: logger)
    }

    public func unrevoked() async throws -> [IngestionKey] {
        try await client.query("SELECT * FROM ingestion_keys WHERE revoked_at IS NULL ORDER BY created_at, id COLLATE \"C\"", logger: logger)
            .collect().map(Self.key(from:))
    }

    public func key(id: String) async throws -> IngestionKey? {
        try await client.query("SELECT * FROM ingestion_keys WHERE id = \(id)", logger: logger).collect().first.map(Self.key(from:))
    }

    public func rotate(id: String, expiresAt: Date, replacement: IngestionKey) async throws {
        let until = expiresAt.millisecondsSince1970
        try await client.transaction(logger: logger) { connection in
            let rotated = try await connection.query(
                """
                UPDATE ingestion_keys SET expires_at = least(coalesce(expires_at, \(until)), \(until))
                WHERE id = \(id) AND revoked_at IS NULL RETURNING id
                """, logger: logger
            ).collect()
            guard rotated.count == 1 else { throw FlintError.notFound("Ingestion key \(id)") }
            try await connection.query(Self.insertQuery(replacement), logger: logger)
        }
    }

    public func revoke(id: String, at time: Date) async throws -> Bool {
        try await client.query(
            "UPDATE ingestion_keys SET revoked_at = \(time.millisecondsSince1970) WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: logger
        ).collect().count == 1
    }

    private static func insertQuery(_ key: IngestionKey) -> PostgresQuery {
        let origins = JSONValue.array(key.allowedOrigins.map(JSONValue.string)).serialized()
        return """
            INSERT INTO ingestion_keys (id, name, kind, prefix, secret_hash, publishable_key, allowed_origins, rate_limit,
                created_at, expires_at, revoked_at)
            VALUES (\(key.id), \(key.name), \(key.kind.rawValue), \(key.prefix), \(key.secretHash), \(key.publishableKey), \(origins),
                \(key.rateLimit), \(key.createdAt.millisecondsSince1970), \(key.expiresAt?.millisecondsSince1970),
                \(key.revokedAt?.millisecondsSince1970))
            """
    }

    static func key(from row: PostgresRow) throws -> IngestionKey {
        let row = row.columns
        let origins = JSONValue.stored(try row.value("allowed_origins")).arrayValue?.compactMap(\.stringValue) ?? []
        return IngestionKey(
            id: try row.value("id"), name: try row.value("name"), kind: IngestionKey.Kind(rawValue: try row.value("kind")) ?? .secret,
            prefix: try row.value("prefix"), secretHash: try row.value("secret_hash"), publishableKey: try row.value("publishable_key"),
            allowedOrigins: origins, rateLimit: try row.value("rate_limit"),
            createdAt: Date(millisecondsSince1970: try row.value("created_at")),
            expiresAt: try row.value("expires_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            revokedAt: try row.value("revoked_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
