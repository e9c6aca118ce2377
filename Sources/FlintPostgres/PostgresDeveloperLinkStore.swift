import FlintCore
import Logging
import PostgresNIO

/// ``DeveloperLinkStore`` on the `developer_links` table.
public struct PostgresDeveloperLinkStore: DeveloperLinkStore {
    let client: PostgresClient
    let logger: Logger

    public func create(_ link: DeveloperLink) async throws {
        try await client.query(
            """
            INSERT INTO developer_links (id, trigger_name, token_hash, created_by, created_at, expires_at, revoked_at)
            VALUES (\(link.id), \(link.trigger), \(link.tokenHash), \(link.createdBy), \(link.createdAt), \(link.expiresAt), \(link.revokedAt))
            """, logger: logger)
    }

    public func link(tokenHash: String) async throws -> DeveloperLink? {
        try await client.query("SELECT * FROM developer_links WHERE token_hash = \(tokenHash)", logger: logger).collect().first.map(Self.link(from:))
    }

    public func links(trigger: String, now: Int64) async throws -> [DeveloperLink] {
        try await client.query(
            """
            SELECT * FROM developer_links WHERE trigger_name = \(trigger) AND revoked_at IS NULL AND expires_at > \(now)
            ORDER BY created_at DESC LIMIT 100
            """, logger: logger
        ).collect().map(Self.link(from:))
    }

    public func revoke(id: String, trigger: String, at now: Int64) async throws -> Bool {
        try await client.query(
            "UPDATE developer_links SET revoked_at = coalesce(revoked_at, \(now)) WHERE id = \(id) AND trigger_name = \(trigger) RETURNING id",
            logger: logger
        ).collect().count == 1
    }

    private static func link(from row: PostgresRow) throws -> DeveloperLink {
        let row = row.columns
        return DeveloperLink(
            id: try row.value("id"), trigger: try row.value("trigger_name"), tokenHash: try row.value("token_hash"),
            createdBy: try row.value("created_by"), createdAt: try row.value("created_at"), expiresAt: try row.value("expires_at"),
            revokedAt: try row.value("revoked_at"))
    }
}
