import FlintCore
import Logging
import PostgresNIO

/// ``RetentionStore`` on PostgreSQL. Each call is one short statement or transaction; a node finding
/// another node's trace pruning under way skips its turn rather than repeat it.
public struct PostgresRetentionStore: RetentionStore {
    let client: PostgresClient
    let logger: Logger
    /// `pg_advisory_xact_lock` key for trace pruning: "prune" in ASCII.
    static let traceLockKey: Int64 = 0x70_7275_6E65

    /// The oldest `limit` events by `seq`, those old enough and no longer queued for dispatch.
    public func pruneEvents(receivedBefore cutoff: Int64, limit: Int) async throws -> Int {
        let deleted = try await client.query(
            """
            DELETE FROM events WHERE seq IN (
                SELECT seq FROM (SELECT seq, received_at FROM events ORDER BY seq LIMIT \(limit)) AS head
                WHERE received_at < \(cutoff) AND NOT EXISTS (SELECT 1 FROM dispatch_queue q WHERE q.seq = head.seq))
            RETURNING seq
            """, logger: logger
        ).collect()
        return deleted.count
    }

    public func pruneTraces(finishedBefore cutoff: Int64, limit: Int) async throws -> Int {
        try await client.transaction(logger: logger) { [logger] connection in
            let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.traceLockKey))", logger: logger)
                .decode(Bool.self).first() ?? false
            guard locked else { return 0 }
            let mark = try await connection.query("SELECT value FROM settings WHERE key = 'traces_pruned_through'", logger: logger)
                .decode(String.self).first().flatMap(TraceMark.init) ?? .start
            let rows = try await connection.query(
                """
                SELECT id, updated_at FROM runs
                WHERE status IN ('completed', 'exited', 'failed') AND (updated_at, id) > (\(mark.updatedAt), \(mark.id))
                    AND updated_at < \(cutoff)
                ORDER BY updated_at, id LIMIT \(limit)
                """, logger: logger
            ).decode((String, Int64).self).collect()
            guard let (lastId, lastUpdatedAt) = rows.last else { return 0 }
            try await connection.query("DELETE FROM run_trace WHERE run_id = ANY(\(rows.map(\.0)))", logger: logger)
            let through = TraceMark(updatedAt: lastUpdatedAt, id: lastId).text
            try await connection.query(
                """
                INSERT INTO settings (key, value) VALUES ('traces_pruned_through', \(through))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
            return rows.count
        }
    }

    public func pruneSends(sentBefore cutoff: Int64, limit: Int) async throws -> Int {
        let deleted = try await client.query(
            """
            DELETE FROM sends WHERE idempotency_key IN (
                SELECT idempotency_key FROM sends WHERE sent_at < \(cutoff) ORDER BY sent_at LIMIT \(limit))
            RETURNING 1
            """, logger: logger
        ).collect()
        return deleted.count
    }
}
