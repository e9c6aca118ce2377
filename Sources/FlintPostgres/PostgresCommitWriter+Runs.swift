import FlintCore
import PostgresNIO
import Synchronization

/// Runs in the group commit: a started run is inserted with its first trace entries, a moved run is
/// saved with its new trace entries, its send and the events it emits, all in the commit's transaction.
/// A run performing a step is held by this node for a lease (`lease_until`); another node takes it
/// over only after the lease ran out.
extension PostgresCommitWriter {
    mutating func insertRun(_ stored: StoredRun) async throws -> IngestionOutcome {
        let run = stored.run
        guard try await exists(.journey, run.journeyId) else { return .unknownJourney }
        let entry = stored.entry
        let waiting = StoredWaiting(run.waiting)
        let inserted = try await connection.query(
            """
            INSERT INTO runs (id, journey_id, version, auth_id, binding_id, entry_message_id, entry_attributes,
                contactpoint_email, contactpoint_phone, status, position, waiting_step, waiting_trigger, due_at,
                performing, started_at, updated_at, revision, attempts, waiting_retry, lease_until)
            VALUES (\(run.id), \(run.journeyId), \(run.version), \(run.authId), \(run.bindingId), \(entry.messageId),
                \(JSONValue.object(entry.attributes).serialized()), \(entry.contactpointEmail), \(entry.contactpointPhone),
                \(run.status.rawValue), \(run.position), \(waiting.step), \(waiting.trigger), \(waiting.dueAt), \(run.performing),
                \(run.startedAt), \(now), \(stored.revision), \(run.attempts), \(waiting.isRetry), \(lease(run)))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger
        ).collect()
        guard inserted.count == 1 else { return .duplicate }
        try await noteAwaited(waiting.trigger)
        try await appendTrace(of: run, from: 0)
        counters.countStart(of: run)
        return .started
    }

    mutating func saveRun(_ save: RunSave) async throws -> IngestionOutcome {
        let run = save.run
        let waiting = StoredWaiting(run.waiting)
        let saved = try await connection.query(
            """
            UPDATE runs SET status = \(run.status.rawValue), position = \(run.position), waiting_step = \(waiting.step),
                waiting_trigger = \(waiting.trigger), due_at = \(waiting.dueAt), performing = \(run.performing), attempts = \(run.attempts),
                waiting_retry = \(waiting.isRetry), revision = revision + 1, updated_at = \(now), lease_until = \(lease(run))
            WHERE id = \(run.id) AND revision = \(save.expectedRevision) RETURNING id
            """, logger: logger
        ).collect()
        // Someone else saved first (or the run is gone): write nothing, the caller reloads.
        guard saved.count == 1 else { return .stale }
        try await noteAwaited(waiting.trigger)
        try await appendTrace(of: run, from: save.newTraceFrom)
        counters.countSave(of: run, previousStatus: save.previousStatus, newTraceFrom: save.newTraceFrom)
        let appended = try await appendEach(save.events)
        if let send = save.send {
            try await connection.query(
                """
                INSERT INTO sends (idempotency_key, run_id, journey_id, step_id, auth_id, channel, purpose, recipient, detail, sent_at)
                VALUES (\(send.idempotencyKey), \(send.runId), \(send.journeyId), \(send.stepId), \(send.authId), \(send.channel.rawValue),
                    \(send.purpose?.rawValue), \(send.recipient), \(send.detail), \(send.sentAt))
                ON CONFLICT (idempotency_key) DO NOTHING
                """, logger: logger)
        }
        return .saved(appendedEvents: appended)
    }

    /// Records that a run waits for `trigger` (once per trigger and process: the table only grows).
    /// Adds the commit's journey counter changes in one statement, locking their rows in key order.
    func finishJourneyCounters() async throws {
        guard !counters.isEmpty else { return }
        let rows = JSONValue.array(
            counters.sorted.map { counter, amount in
                [
                    "journey_id": .string(counter.journeyId), "step": .string(counter.step), "counter": .string(counter.name.rawValue),
                    "amount": .number(Double(amount)),
                ]
            })
        try await connection.query(
            """
            INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, step, counter, amount
            FROM jsonb_to_recordset(\(rows.serialized())::jsonb) AS r(journey_id TEXT, step TEXT, counter TEXT, amount BIGINT)
            ORDER BY journey_id, step, counter
            ON CONFLICT (journey_id, step, counter) DO UPDATE SET count = journey_counts.count + excluded.count
            """, logger: logger)
    }

    private mutating func noteAwaited(_ trigger: String?) async throws {
        guard let trigger, !notedAwaited.contains(trigger), !knownAwaited.names.withLock({ $0.contains(trigger) }) else { return }
        try await connection.query("INSERT INTO awaited_triggers (trigger_name) VALUES (\(trigger)) ON CONFLICT DO NOTHING", logger: logger)
        notedAwaited.insert(trigger)
    }

    /// Until when this node holds the run: a lease while it performs a step, none otherwise.
    private func lease(_ run: JourneyRun) -> Int64 {
        run.performing == nil ? 0 : now + leaseMilliseconds
    }

    /// Writes `run.trace[start...]` in one statement, each entry keyed by its index in the trace.
    private func appendTrace(of run: JourneyRun, from start: Int) async throws {
        guard start < run.trace.count else { return }
        let rows = JSONValue.array(
            (max(start, 0)..<run.trace.count).map { seq in
                let entry = run.trace[seq]
                return [
                    "seq": .number(Double(seq)), "step": entry.step.map(JSONValue.string) ?? .null, "at": .number(Double(entry.at)),
                    "outcome": .string(entry.outcome.rawValue), "detail": .string(entry.detail),
                ]
            })
        try await connection.query(
            """
            INSERT INTO run_trace (run_id, seq, journey_id, step, at, outcome, detail)
            SELECT \(run.id), seq, \(run.journeyId), step, at, outcome, detail
            FROM jsonb_to_recordset(\(rows.serialized())::jsonb) AS r(seq INTEGER, step TEXT, at BIGINT, outcome TEXT, detail TEXT)
            """, logger: logger)
    }
}
