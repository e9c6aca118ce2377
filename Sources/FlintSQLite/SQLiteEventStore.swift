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
                    verdict: .accepted, problems: [], attributes: Self.json(row["attributes"]))
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
                    problems: Self.problems(row["problems"]), attributes: Self.json(row["attributes"]))
            }
            return Self.newestFirst(accepted, others, limit: limit)
        }
    }

    /// Merges two newest-first lists into one, newest first; on equal times `others` come first.
    static func newestFirst(_ accepted: [InspectorEntry], _ others: [InspectorEntry], limit: Int) -> [InspectorEntry] {
        var merged: [InspectorEntry] = []
        merged.reserveCapacity(min(limit, accepted.count + others.count))
        var left = accepted[...]
        var right = others[...]
        while merged.count < limit, let next = pickNewer(&left, &right) { merged.append(next) }
        return merged
    }

    private static func pickNewer(_ left: inout ArraySlice<InspectorEntry>, _ right: inout ArraySlice<InspectorEntry>) -> InspectorEntry? {
        switch (left.first, right.first) {
        case (nil, nil): return nil
        case (.some, nil): return left.popFirst()
        case (nil, .some): return right.popFirst()
        case (.some(let a), .some(let b)): return a.receivedAt > b.receivedAt ? left.popFirst() : right.popFirst()
        }
    }

    static func json(_ text: String?) -> JSONValue {
        guard let text, let value = try? JSONParser.parse(text, maximumDepth: 64) else { return .null }
        return value
    }

    static func problems(_ text: String?) -> [Problem] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([Problem].self, from: Data(text.utf8))) ?? []
    }
}
