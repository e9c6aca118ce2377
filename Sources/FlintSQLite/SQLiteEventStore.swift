import FlintCore
import Foundation
import GRDB

/// ``EventStore`` on SQLite: the `events` log, the bounded `inspector_entries`, and trigger counters.
public struct SQLiteEventStore: EventStore {
    let pool: DatabasePool
    /// Rejected and duplicate entries kept per trigger; accepted events live in the log.
    let inspectorRetention: Int
    /// Stamps `updated_at` of the runs written.
    var clock: any WallClock = SystemWallClock()

    public func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        let now = clock.now().millisecondsSince1970
        return try await pool.write { db in
            var writer = try CommitWriter(db: db, now: now, inspectorRetention: inspectorRetention)
            let outcomes = try records.map { try writer.write($0) }
            try writer.finish()
            return outcomes
        }
    }

    public func inspectorEntries(trigger: String, limit: Int) async throws -> [InspectorEntry] {
        try await pool.read { db in
            let accepted = try Row.fetchAll(
                db,
                sql: """
                    SELECT message_id, auth_id, received_at, attributes FROM events
                    WHERE trigger_name = ? ORDER BY seq DESC LIMIT ?
                    """,
                arguments: [trigger, limit]
            ).map { row in
                InspectorEntry(
                    messageId: row["message_id"], authId: row["auth_id"], receivedAt: row["received_at"],
                    verdict: .accepted, problems: [], attributes: JSONValue.stored(row["attributes"]))
            }
            let others = try Row.fetchAll(
                db,
                sql: """
                    SELECT verdict, message_id, auth_id, received_at, problems, attributes FROM inspector_entries
                    WHERE trigger_name = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [trigger, limit]
            ).map { row in
                InspectorEntry(
                    messageId: row["message_id"], authId: row["auth_id"], receivedAt: row["received_at"],
                    verdict: InspectorEntry.Verdict(rawValue: row["verdict"]) ?? .rejected,
                    problems: InspectorEntry.storedProblems(row["problems"]), attributes: JSONValue.stored(row["attributes"]))
            }
            return InspectorEntry.newestFirst(accepted, others, limit: limit)
        }
    }
}
