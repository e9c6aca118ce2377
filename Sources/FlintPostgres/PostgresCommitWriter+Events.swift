import FlintCore
import Logging
import PostgresNIO

extension PostgresCommitWriter {
    /// Appends `events` in one statement, each unless its `messageId` is in the log (the unique
    /// constraint decides, whichever node wrote it first), and queues the new ones for dispatch.
    mutating func append(_ events: [AcceptedEvent]) async throws -> [IngestionOutcome] {
        var outcomes = [IngestionOutcome](repeating: .unknownTrigger, count: events.count)
        var rows: [JSONValue] = []
        var known: [Int] = []
        for (index, event) in events.enumerated() where try await exists(.trigger, event.trigger) {
            known.append(index)
            rows.append(Self.row(event, index: index))
        }
        guard !rows.isEmpty else { return outcomes }
        let inserted = try await connection.query(
            """
            WITH inserted AS (
                INSERT INTO events (\(unescaped: Self.eventColumns))
                SELECT \(unescaped: Self.eventColumns)
                FROM jsonb_to_recordset(\(JSONValue.array(rows).serialized())::jsonb) AS r(\(unescaped: Self.eventRecordset))
                ORDER BY i
                ON CONFLICT (message_id) DO NOTHING
                RETURNING seq, message_id, auth_id, anonymous
            ), queued AS (
                INSERT INTO dispatch_queue (seq, auth_id) SELECT seq, auth_id FROM inserted WHERE NOT anonymous
            )
            SELECT message_id FROM inserted
            """, logger: logger
        ).decode(String.self).collect()
        // The first event of a `messageId` is the one inserted; later ones in the batch are duplicates.
        var fresh = Set(inserted)
        for index in known {
            let event = events[index]
            if fresh.remove(event.messageId) != nil {
                outcomes[index] = .accepted
                var tally = tallies[event.trigger, default: Tally()]
                tally.accepted += 1
                tally.lastReceivedAt = max(tally.lastReceivedAt, event.receivedAt)
                tallies[event.trigger] = tally
            } else {
                outcomes[index] = .duplicate
                inspectorRows.append(Self.duplicateRow(event))
                tallies[event.trigger, default: Tally()].inspectorRows += 1
            }
        }
        return outcomes
    }

    /// Whether the `kind` named `name` exists, asked once per commit and inside its transaction.
    mutating func exists(_ kind: Referenced, _ name: String) async throws -> Bool {
        if let known = existing[kind]?[name] { return known }
        let query: PostgresQuery =
            switch kind {
            case .trigger: "SELECT EXISTS (SELECT 1 FROM triggers WHERE name = \(name))"
            case .entity: "SELECT EXISTS (SELECT 1 FROM entities WHERE name = \(name))"
            case .journey: "SELECT EXISTS (SELECT 1 FROM journeys WHERE id = \(name))"
            }
        let found = try await connection.query(query, logger: logger).decode(Bool.self).first() ?? false
        existing[kind, default: [:]][name] = found
        // Not known to be verified: the end of the commit asks again.
        if kind == .trigger, found { awaitingIntegration.insert(name) }
        return found
    }

    /// Asks, in one statement, which of the triggers the records name directly exist.
    mutating func learnTriggers(of records: [IngestionRecord]) async throws {
        var names = Set<String>()
        for record in records {
            switch record {
            case .accepted(let event): names.insert(event.trigger)
            case .rejected(let rejection): names.insert(rejection.trigger)
            default: break
            }
        }
        guard !names.isEmpty else { return }
        var found = Set<String>()
        let rows = try await connection.query("SELECT name, status FROM triggers WHERE name = ANY(\(Array(names)))", logger: logger)
        for try await (name, status) in rows.decode((String, String).self) {
            found.insert(name)
            if status == TriggerStatus.awaitingIntegration.rawValue { awaitingIntegration.insert(name) }
        }
        for name in names { existing[.trigger, default: [:]][name] = found.contains(name) }
    }

    /// Writes the inspector entries, the commit's counts per trigger, first verifications, and
    /// inspector retention.
    func finish() async throws {
        try await finishJourneyCounters()
        if !inspectorRows.isEmpty { try await Self.insertInspectorRows(inspectorRows, on: connection, logger: logger) }
        let counted = tallies.filter { $0.value.accepted > 0 || $0.value.rejected > 0 }
        if counted.values.contains(where: { $0.accepted > 0 }) {
            // Delivered when the transaction commits, to every node's dispatcher.
            try await connection.query("SELECT pg_notify(\(PostgresChangeFeed.channel), \(StoreChange.work.payload))", logger: logger)
        }
        if !counted.isEmpty {
            let rows = JSONValue.array(
                counted.map { name, tally in
                    [
                        "trigger_name": .string(name), "accepted": .number(Double(tally.accepted)), "rejected": .number(Double(tally.rejected)),
                        "last_event_at": tally.accepted > 0 ? .number(Double(tally.lastReceivedAt)) : .null,
                    ]
                })
            try await connection.query(
                """
                INSERT INTO trigger_tallies (trigger_name, accepted, rejected, last_event_at)
                SELECT trigger_name, accepted, rejected, last_event_at
                FROM jsonb_to_recordset(\(rows.serialized())::jsonb) AS r(trigger_name TEXT, accepted BIGINT, rejected BIGINT, last_event_at BIGINT)
                """, logger: logger)
            // Only a trigger still awaiting its integration is locked here: once verified, nothing waits on its row.
            for (name, tally) in counted where tally.accepted > 0 && awaitingIntegration.contains(name) {
                try await connection.query(
                    """
                    UPDATE triggers SET status = 'integrationVerified', verified_at = \(tally.lastReceivedAt)
                    WHERE name = \(name) AND status = 'awaitingIntegration'
                    """, logger: logger)
            }
        }
        for (name, tally) in tallies where tally.inspectorRows > 0 {
            try await Self.trimInspector(of: name, keeping: inspectorRetention, on: connection, logger: logger)
        }
    }

    /// The `events` columns both event inserts (here and ``PostgresEventStore/commitEvents(_:)``) write.
    static let eventColumns =
        "message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes, contactpoint_email, contactpoint_phone, anonymous"

    /// The shape of ``row(_:index:)`` for `jsonb_to_recordset`: `i` keeps the events' order.
    static let eventRecordset = """
        i INTEGER, message_id TEXT, trigger_name TEXT, auth_id TEXT, binding_id TEXT, occurred_at BIGINT, received_at BIGINT,
        attributes TEXT, contactpoint_email TEXT, contactpoint_phone TEXT, anonymous BOOLEAN
        """

    /// An event as a row of the `jsonb_to_recordset` the event inserts read.
    static func row(_ event: AcceptedEvent, index: Int) -> JSONValue {
        [
            "i": .number(Double(index)), "message_id": .string(event.messageId), "trigger_name": .string(event.trigger),
            "auth_id": .string(event.authId), "binding_id": event.bindingId.map(JSONValue.string) ?? .null,
            "occurred_at": .number(Double(event.timestamp)), "received_at": .number(Double(event.receivedAt)),
            "attributes": .string(event.attributesJSON),
            "contactpoint_email": event.contactpointEmail.map(JSONValue.string) ?? .null,
            "contactpoint_phone": event.contactpointPhone.map(JSONValue.string) ?? .null, "anonymous": .bool(event.isAnonymous),
        ]
    }

    /// A duplicate's inspector entry, as a row for ``insertInspectorRows(_:on:logger:)``.
    static func duplicateRow(_ event: AcceptedEvent) -> JSONValue {
        [
            "trigger_name": .string(event.trigger), "verdict": "duplicate", "message_id": .string(event.messageId),
            "auth_id": .string(event.authId), "received_at": .number(Double(event.receivedAt)), "problems": "[]",
            "attributes": .string(event.attributesJSON),
        ]
    }

    static func insertInspectorRows(_ rows: [JSONValue], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO inspector_entries (trigger_name, verdict, message_id, auth_id, received_at, problems, attributes)
            SELECT trigger_name, verdict, message_id, auth_id, received_at, problems, attributes
            FROM jsonb_to_recordset(\(JSONValue.array(rows).serialized())::jsonb) AS r(
                trigger_name TEXT, verdict TEXT, message_id TEXT, auth_id TEXT, received_at BIGINT, problems TEXT, attributes TEXT)
            """, logger: logger)
    }

    /// Keeps the trigger's newest `retention` inspector entries.
    static func trimInspector(of trigger: String, keeping retention: Int, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            DELETE FROM inspector_entries WHERE trigger_name = \(trigger) AND id <= (
                SELECT id FROM inspector_entries WHERE trigger_name = \(trigger) ORDER BY id DESC LIMIT 1 OFFSET \(retention))
            """, logger: logger)
    }
}
