import FlintCore
import GRDB

/// ``RetentionStore`` on the embedded database. Each call is one write transaction of at most `limit`
/// rows, so group commits queue behind it for milliseconds at most.
public struct SQLiteRetentionStore: RetentionStore {
    let pool: DatabasePool

    /// Reads the oldest `limit` events by sequence and deletes those that are old enough and behind the
    /// stored dispatch cursor (which trails the dispatcher's own, so nothing it still reads goes).
    /// Reading the head rather than filtering on `received_at` keeps each call bounded without an index.
    public func pruneEvents(receivedBefore cutoff: Int64, limit: Int) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: Queries.pruneEvents, arguments: [limit, cutoff])
            return db.changesCount
        }
    }

    /// Walks finished runs in `(updated_at, id)` order from where the last call stopped (the settings
    /// row `traces_pruned_through`), deleting their traces.
    public func pruneTraces(finishedBefore cutoff: Int64, limit: Int) async throws -> Int {
        try await pool.write { db in
            let mark = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'traces_pruned_through'")
                .flatMap(TraceMark.init) ?? .start
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: Queries.finishedRuns), arguments: [mark.updatedAt, mark.id, cutoff, limit])
            guard let last = rows.last else { return 0 }
            let delete = try db.cachedStatement(sql: "DELETE FROM run_trace WHERE run_id = ?")
            for row in rows { try delete.execute(arguments: [row["id"] as String]) }
            let through = TraceMark(updatedAt: last["updated_at"], id: last["id"])
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('traces_pruned_through', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [through.text])
            return rows.count
        }
    }

    public func pruneSends(sentBefore cutoff: Int64, limit: Int) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM sends WHERE idempotency_key IN (SELECT idempotency_key FROM sends WHERE sent_at < ? ORDER BY sent_at LIMIT ?)",
                arguments: [cutoff, limit])
            return db.changesCount
        }
    }

    enum Queries {
        /// The head of the log by `seq` (the primary key), old enough and already dispatched. The newest
        /// event always stays: `seq` is a rowid, and SQLite numbers a new row one past the highest left,
        /// so an emptied log would hand out numbers the dispatch cursor has already passed.
        static let pruneEvents = """
            DELETE FROM events WHERE seq IN (
                SELECT seq FROM (SELECT seq, received_at FROM events ORDER BY seq LIMIT ?)
                WHERE received_at < ? AND seq <= (SELECT coalesce(CAST(value AS INTEGER), 0) FROM settings WHERE key = 'dispatch_cursor')
                    AND seq < (SELECT max(seq) FROM events))
            """
        /// Uses the partial index `runs_finished`, resuming after `(updated_at, id)` of the last call.
        static let finishedRuns = """
            SELECT id, updated_at FROM runs
            WHERE status IN ('completed', 'exited', 'failed') AND (updated_at, id) > (?, ?) AND updated_at < ?
            ORDER BY updated_at, id LIMIT ?
            """
    }
}
