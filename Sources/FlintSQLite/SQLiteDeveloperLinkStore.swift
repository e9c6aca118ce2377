import FlintCore
import GRDB

/// ``DeveloperLinkStore`` on the `developer_links` table.
public struct SQLiteDeveloperLinkStore: DeveloperLinkStore {
    let pool: DatabasePool

    public func create(_ link: DeveloperLink) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO developer_links (id, trigger_name, token_hash, created_by, created_at, expires_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [link.id, link.trigger, link.tokenHash, link.createdBy, link.createdAt, link.expiresAt, link.revokedAt])
        }
    }

    public func link(tokenHash: String) async throws -> DeveloperLink? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM developer_links WHERE token_hash = ?", arguments: [tokenHash]).map(Self.link(from:))
        }
    }

    public func links(trigger: String, now: Int64) async throws -> [DeveloperLink] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM developer_links WHERE trigger_name = ? AND revoked_at IS NULL AND expires_at > ?
                    ORDER BY created_at DESC LIMIT 100
                    """,
                arguments: [trigger, now]
            ).map(Self.link(from:))
        }
    }

    public func revoke(id: String, trigger: String, at now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE developer_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND trigger_name = ?",
                arguments: [now, id, trigger])
            return db.changesCount > 0
        }
    }

    private static func link(from row: Row) -> DeveloperLink {
        DeveloperLink(
            id: row["id"], trigger: row["trigger_name"], tokenHash: row["token_hash"], createdBy: row["created_by"],
            createdAt: row["created_at"], expiresAt: row["expires_at"], revokedAt: row["revoked_at"])
    }
}
