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
        guard triggers?.isEmpty != true else {
            // Nothing concerns a journey: the cursor only follows the log.
            let latest = try await pool.read { db in try Self.latestSequence(db) }
            let through = min(latest, position + Int64(limit))
            return EventClaim(events: [], receipt: [max(through, position)], hasMore: through < latest)
        }
        // One read: the log's end and the page, so a claim costs one trip to a reader connection.
        return try await pool.read { db in
            let latest = try Self.latestSequence(db)
            guard latest > position else { return EventClaim(events: [], receipt: [position], hasMore: false) }
            let through = min(latest, position + Int64(limit))
            let events = try Self.events(db, after: position, through: through, triggers: triggers)
            return EventClaim(events: events, receipt: [through], hasMore: through < latest)
        }
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

    private static func latestSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
    }

    /// Accepted events of `triggers` (nil: all) with sequence numbers in `after+1 ... through`, oldest first.
    ///
    /// The page is read by sequence number and filtered here, by a set lookup on each row's trigger
    /// name before anything else of the row is decoded: a page spans at most `limit` rows of the log,
    /// while a filter in SQL would bind (and seek the trigger index for) every interesting trigger on
    /// every claim, which with a thousand live journeys cost more than the rows it skipped.
    private static func events(_ db: Database, after sequence: Int64, through last: Int64, triggers: Set<String>?) throws -> [AcceptedEvent] {
        guard last > sequence else { return [] }
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT trigger_name, seq, message_id, auth_id, binding_id, occurred_at, received_at, attributes,
                        contactpoint_email, contactpoint_phone
                    FROM events WHERE seq > ? AND seq <= ? AND anonymous = 0
                    ORDER BY seq
                    """),
            arguments: [sequence, last])
        var events: [AcceptedEvent] = []
        while let row = try rows.next() {
            let trigger: String = row[0]
            if let triggers, !triggers.contains(trigger) { continue }
            // By column index, in the order selected: a lookup by name searches the columns on every row.
            guard case .object(let attributes) = try JSONParser.parse(row[7] as String, maximumDepth: 64) else {
                throw FlintError(.internalError, "The attributes of stored event \(row[1] as Int64) are not a JSON object")
            }
            events.append(
                AcceptedEvent(
                    messageId: row[2], trigger: trigger, authId: row[3], bindingId: row[4], timestamp: row[5],
                    receivedAt: row[6], attributes: attributes, contactpointEmail: row[8], contactpointPhone: row[9]))
        }
        return events
    }
}
