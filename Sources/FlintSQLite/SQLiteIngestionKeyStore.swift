import FlintCore
import Foundation
import GRDB

/// ``IngestionKeyStore`` on the `ingestion_keys` table.
public struct SQLiteIngestionKeyStore: IngestionKeyStore {
    let pool: DatabasePool

    public func insert(_ key: IngestionKey) async throws {
        try await pool.write { db in try Self.insert(key, db: db) }
    }

    public func unrevoked() async throws -> [IngestionKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ingestion_keys WHERE revoked_at IS NULL ORDER BY created_at, id")
                .map(Self.key(from:))
        }
    }

    public func key(id: String) async throws -> IngestionKey? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ingestion_keys WHERE id = ?", arguments: [id]).map(Self.key(from:))
        }
    }

    public func rotate(id: String, expiresAt: Date, replacement: IngestionKey) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE ingestion_keys SET expires_at = min(coalesce(expires_at, ?1), ?1) WHERE id = ?2 AND revoked_at IS NULL",
                arguments: [expiresAt.millisecondsSince1970, id])
            guard db.changesCount > 0 else { throw FlintError.notFound("Ingestion key \(id)") }
            try Self.insert(replacement, db: db)
        }
    }

    public func revoke(id: String, at time: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE ingestion_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [time.millisecondsSince1970, id])
            return db.changesCount > 0
        }
    }

    private static func insert(_ key: IngestionKey, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO ingestion_keys (id, name, kind, prefix, secret_hash, publishable_key, allowed_origins, rate_limit,
                    created_at, expires_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.id, key.name, key.kind.rawValue, key.prefix, key.secretHash, key.publishableKey,
                JSONValue.array(key.allowedOrigins.map(JSONValue.string)).serialized(), key.rateLimit,
                key.createdAt.millisecondsSince1970, key.expiresAt?.millisecondsSince1970, key.revokedAt?.millisecondsSince1970,
            ])
    }

    static func key(from row: Row) throws -> IngestionKey {
        let origins = JSONValue.stored(row["allowed_origins"]).arrayValue?.compactMap(\.stringValue) ?? []
        return IngestionKey(
            id: row["id"], name: row["name"], kind: IngestionKey.Kind(rawValue: row["kind"]) ?? .secret,
            prefix: row["prefix"], secretHash: row["secret_hash"], publishableKey: row["publishable_key"],
            allowedOrigins: origins, rateLimit: row["rate_limit"],
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            expiresAt: (row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            revokedAt: (row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
