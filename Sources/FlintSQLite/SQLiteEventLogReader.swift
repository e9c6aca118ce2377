import FlintCore
import Foundation
import GRDB
import Synchronization

/// ``EventLogReader`` on the `events` log for one node: SQLite has one writer, so sequence numbers
/// commit in order and a cursor (the `settings` row `dispatch_cursor`) follows the log without gaps.
///
/// The cursor is stored at most once a second: a crash replays at most a second of events, which
/// deterministic run ids make harmless.
public final class SQLiteEventLogReader: EventLogReader {
    private struct Cursor {
        var sequence: Int64
        var stored: Int64
        var storedAt: ContinuousClock.Instant
    }

    let pool: DatabasePool
    private let cursor = Mutex<Cursor?>(nil)

    init(pool: DatabasePool) {
        self.pool = pool
    }

    public func claimEvents(of triggers: Set<String>?, limit: Int, now: Int64) async throws -> EventClaim {
        let position = try await position()
        let latest = try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0 }
        guard latest > position else { return EventClaim(events: [], receipt: [position], hasMore: false) }
        let through = min(latest, position + Int64(limit))
        let events = try await events(after: position, through: through, triggers: triggers)
        return EventClaim(events: events, receipt: [through], hasMore: through < latest)
    }

    public func complete(_ claim: EventClaim) async throws {
        guard let through = claim.receipt.max() else { return }
        let now = ContinuousClock.now
        let due = cursor.withLock { cursor -> Int64? in
            guard var current = cursor, through > current.sequence else { return nil }
            current.sequence = through
            defer { cursor = current }
            guard now - current.storedAt >= .seconds(1) else { return nil }
            current.stored = through
            current.storedAt = now
            return through
        }
        if let due { try await store(due) }
    }

    /// Stores the cursor if it moved since it was last stored, so a clean stop replays nothing.
    public func flush() async throws {
        let due = cursor.withLock { cursor -> Int64? in
            guard var current = cursor, current.sequence != current.stored else { return nil }
            current.stored = current.sequence
            current.storedAt = .now
            cursor = current
            return current.sequence
        }
        if let due { try await store(due) }
    }

    /// Where the last completed claim ended; read from the settings row once.
    private func position() async throws -> Int64 {
        if let known = cursor.withLock({ $0?.sequence }) { return known }
        let stored = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'dispatch_cursor'").flatMap { Int64($0) } ?? 0
        }
        return cursor.withLock { cursor in
            // As if stored long ago, so the first completed claim is stored at once.
            if cursor == nil { cursor = Cursor(sequence: stored, stored: stored, storedAt: .now - .seconds(60)) }
            return cursor!.sequence
        }
    }

    private func store(_ sequence: Int64) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "INSERT INTO settings (key, value) VALUES ('dispatch_cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ).execute(arguments: [String(sequence)])
        }
    }

    /// Accepted events of `triggers` (nil: all) with sequence numbers in `after+1 ... through`, oldest first.
    private func events(after sequence: Int64, through last: Int64, triggers: Set<String>?) async throws -> [AcceptedEvent] {
        guard triggers?.isEmpty != true, last > sequence else { return [] }
        let names = triggers?.sorted()
        return try await pool.read { db in
            let filter = names.map { "trigger_name IN (" + Array(repeating: "?", count: $0.count).joined(separator: ", ") + ") AND" } ?? ""
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT seq, message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes,
                            contactpoint_email, contactpoint_phone
                        FROM events WHERE \(filter) seq > ? AND seq <= ? AND anonymous = 0
                        ORDER BY seq
                        """),
                arguments: StatementArguments(names ?? []) + [sequence, last])
            var events: [AcceptedEvent] = []
            while let row = try rows.next() {
                guard case .object(let attributes) = try JSONParser.parse(row["attributes"] as String, maximumDepth: 64) else {
                    throw FlintError(.internalError, "The attributes of stored event \(row["seq"] as Int64) are not a JSON object")
                }
                events.append(
                    AcceptedEvent(
                        messageId: row["message_id"], trigger: row["trigger_name"], authId: row["auth_id"],
                        bindingId: row["binding_id"], timestamp: row["occurred_at"], receivedAt: row["received_at"],
                        attributes: attributes, contactpointEmail: row["contactpoint_email"],
                        contactpointPhone: row["contactpoint_phone"]))
            }
            return events
        }
    }
}
