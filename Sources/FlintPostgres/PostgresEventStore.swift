import FlintCore
import Logging
import PostgresNIO
import Synchronization

/// ``EventStore`` on PostgreSQL: the `events` log with its dispatch queue, the bounded
/// `inspector_entries`, and per-commit trigger tallies.
public struct PostgresEventStore: EventStore {
    let client: PostgresClient
    let logger: Logger
    /// Rejected and duplicate entries kept per trigger; accepted events live in the log.
    let inspectorRetention: Int
    let leaseMilliseconds: Int64
    let clock: any WallClock
    /// Triggers recorded in `awaited_triggers` by this process, so each is inserted once.
    let knownAwaited = AwaitedRegistry()

    public func commit(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        var events: [AcceptedEvent] = []
        for case .accepted(let event) in records { events.append(event) }
        if events.count == records.count, !events.isEmpty { return try await commitEvents(events) }
        let now = clock.now().millisecondsSince1970
        let (outcomes, noted) = try await client.transaction(logger: logger) { [logger, inspectorRetention, leaseMilliseconds, knownAwaited] connection in
            var writer = PostgresCommitWriter(
                connection: connection, logger: logger, now: now, inspectorRetention: inspectorRetention, leaseMilliseconds: leaseMilliseconds,
                knownAwaited: knownAwaited)
            let outcomes = try await writer.write(records)
            return (outcomes, writer.notedAwaited)
        }
        // Committed: the process need not insert these again.
        knownAwaited.names.withLock { $0.formUnion(noted) }
        return outcomes
    }

    public func inspectorEntries(trigger: String, limit: Int) async throws -> [InspectorEntry] {
        let accepted = try await client.query(
            """
            SELECT message_id, auth_id, received_at, attributes FROM events WHERE trigger_name = \(trigger) ORDER BY seq DESC LIMIT \(limit)
            """, logger: logger
        ).decode((String, String, Int64, String).self).collect().map { messageId, authId, receivedAt, attributes in
            InspectorEntry(
                messageId: messageId, authId: authId, receivedAt: receivedAt, verdict: .accepted, problems: [],
                attributes: JSONValue.stored(attributes))
        }
        let others = try await client.query(
            """
            SELECT verdict, message_id, auth_id, received_at, problems, attributes FROM inspector_entries
            WHERE trigger_name = \(trigger) ORDER BY id DESC LIMIT \(limit)
            """, logger: logger
        ).decode((String, String?, String?, Int64, String, String?).self).collect().map { verdict, messageId, authId, receivedAt, problems, attributes in
            InspectorEntry(
                messageId: messageId, authId: authId, receivedAt: receivedAt, verdict: InspectorEntry.Verdict(rawValue: verdict) ?? .rejected,
                problems: InspectorEntry.storedProblems(problems), attributes: JSONValue.stored(attributes))
        }
        return InspectorEntry.newestFirst(accepted, others, limit: limit)
    }
}
