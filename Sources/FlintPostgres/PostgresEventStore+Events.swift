import FlintCore
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// The hot path: a commit of accepted events only, in one statement (one round trip, its own
    /// transaction). It appends the events whose trigger exists and whose `messageId` is new, queues
    /// them for dispatch, counts them, verifies triggers awaiting their integration and wakes every
    /// node's dispatcher. Duplicates are then written to their triggers' inspectors: that second
    /// statement only informs the inspector, so it does not share the first one's transaction.
    func commitEvents(_ events: [AcceptedEvent]) async throws -> [IngestionOutcome] {
        let rows = JSONValue.array(events.enumerated().map { index, event in PostgresCommitWriter.row(event, index: index) })
        let (client, logger) = (client, logger)
        let answer = try await PostgresClient.withinDeadline(logger: logger) {
            try await client.query(
                """
                WITH rows AS (
                    SELECT * FROM jsonb_to_recordset(\(rows.serialized())::jsonb) AS r(\(unescaped: PostgresCommitWriter.eventRecordset))
                ), known AS (
                    SELECT name FROM triggers WHERE name IN (SELECT trigger_name FROM rows)
                ), inserted AS (
                    INSERT INTO events (\(unescaped: PostgresCommitWriter.eventColumns))
                    SELECT \(unescaped: PostgresCommitWriter.eventColumns)
                    FROM rows WHERE trigger_name IN (SELECT name FROM known) ORDER BY i
                    ON CONFLICT (message_id) DO NOTHING
                    RETURNING seq, message_id, auth_id, trigger_name, received_at, anonymous
                ), queued AS (
                    INSERT INTO dispatch_queue (seq, auth_id) SELECT seq, auth_id FROM inserted WHERE NOT anonymous
                ), counted AS (
                    SELECT trigger_name, count(*) AS accepted, max(received_at) AS last_event_at FROM inserted GROUP BY trigger_name
                ), tallied AS (
                    INSERT INTO trigger_tallies (trigger_name, accepted, rejected, last_event_at)
                    SELECT trigger_name, accepted, 0, last_event_at FROM counted
                ), verified AS (
                    UPDATE triggers t SET status = 'integrationVerified', verified_at = c.last_event_at
                    FROM counted c WHERE t.name = c.trigger_name AND t.status = 'awaitingIntegration'
                ), woken AS (
                    SELECT pg_notify(\(PostgresChangeFeed.channel), \(StoreChange.work.payload)) FROM (SELECT 1 FROM inserted LIMIT 1) AS first_event
                )
                SELECT 'inserted', message_id FROM inserted
                UNION ALL SELECT 'known', name FROM known
                UNION ALL SELECT 'woken', '' FROM woken
                """, logger: logger
            ).decode((String, String).self).collect()
        }
        var fresh = Set<String>()
        var known = Set<String>()
        for (kind, value) in answer {
            if kind == "inserted" { fresh.insert(value) } else if kind == "known" { known.insert(value) }
        }
        var outcomes: [IngestionOutcome] = []
        var duplicates: [JSONValue] = []
        for event in events {
            if fresh.remove(event.messageId) != nil {
                outcomes.append(.accepted)
            } else if known.contains(event.trigger) {
                outcomes.append(.duplicate)
                duplicates.append(PostgresCommitWriter.duplicateRow(event))
            } else {
                outcomes.append(.unknownTrigger)
            }
        }
        if !duplicates.isEmpty { try await recordDuplicates(duplicates) }
        return outcomes
    }

    private func recordDuplicates(_ rows: [JSONValue]) async throws {
        try await client.transaction(logger: logger) { [logger, inspectorRetention] connection in
            try await PostgresCommitWriter.insertInspectorRows(rows, on: connection, logger: logger)
            let triggers = Set(rows.compactMap { $0["trigger_name"]?.stringValue })
            for trigger in triggers {
                try await PostgresCommitWriter.trimInspector(of: trigger, keeping: inspectorRetention, on: connection, logger: logger)
            }
        }
    }
}
