import FlintCore
import GRDB

/// ``EventLogReader`` on the `events` log, with the dispatcher's cursor in the `settings` row `dispatch_cursor`.
public struct SQLiteEventLogReader: EventLogReader {
    let pool: DatabasePool

    public func latestSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0 }
    }

    public func events(after sequence: Int64, through last: Int64, triggers: Set<String>) async throws -> [(sequence: Int64, event: AcceptedEvent)] {
        guard !triggers.isEmpty, last > sequence else { return [] }
        let names = triggers.sorted()
        return try await pool.read { db in
            let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT seq, message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes,
                            contactpoint_email, contactpoint_phone
                        FROM events WHERE trigger_name IN (\(placeholders)) AND seq > ? AND seq <= ? AND anonymous = 0
                        ORDER BY seq
                        """),
                arguments: StatementArguments(names) + [sequence, last])
            var events: [(sequence: Int64, event: AcceptedEvent)] = []
            while let row = try rows.next() {
                guard case .object(let attributes) = try JSONParser.parse(row["attributes"] as String, maximumDepth: 64) else {
                    throw FlintError(.internalError, "The attributes of stored event \(row["seq"] as Int64) are not a JSON object")
                }
                let event = AcceptedEvent(
                    messageId: row["message_id"], trigger: row["trigger_name"], authId: row["auth_id"],
                    bindingId: row["binding_id"], timestamp: row["occurred_at"], receivedAt: row["received_at"],
                    attributes: attributes, contactpointEmail: row["contactpoint_email"],
                    contactpointPhone: row["contactpoint_phone"])
                events.append((row["seq"], event))
            }
            return events
        }
    }

    public func dispatchCursor() async throws -> Int64 {
        try await pool.read { db in
            let value = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'dispatch_cursor'")
            return value.flatMap { Int64($0) } ?? 0
        }
    }

    public func setDispatchCursor(_ sequence: Int64) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO settings (key, value) VALUES ('dispatch_cursor', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """
            ).execute(arguments: [String(sequence)])
        }
    }
}
