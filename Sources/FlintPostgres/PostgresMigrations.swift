import FlintCore
import Logging
import PostgresNIO

/// The schema as append-only numbered migrations, applied at start under an advisory lock so nodes
/// starting together never race. Never edit a shipped migration; add a new one.
///
/// Names and shapes mirror the SQLite schema (snake_case, times as milliseconds since 1970), plus what
/// several nodes need: a dispatch queue for claimed events and leases on runs.
enum PostgresMigrations {
    /// `pg_advisory_lock` key: "flint" in ASCII.
    static let lockKey: Int64 = 0x666C_696E_74

    struct Migration {
        let version: Int
        let name: String
        let sql: [String]
    }

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS flint_migrations (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied = Set<Int>()
                for try await version in try await connection.query("SELECT version FROM flint_migrations", logger: logger).decode(Int.self) {
                    applied.insert(version)
                }
                for migration in all where !applied.contains(migration.version) {
                    try await connection.withTransaction(logger: logger) { connection in
                        for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                        try await connection.query(
                            "INSERT INTO flint_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                    }
                    logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
        }
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "the schema of SQLite v8, a dispatch queue and run leases", sql: schemaV1),
        Migration(version: 2, name: "journey counters kept as runs move; retention", sql: schemaV2),
    ]
}
