import FlintCore
import GRDB

/// Runs in the group commit: a started run is inserted with its first trace entries, a moved run is
/// saved with its new trace entries, its send and the events it emits, all in the commit's transaction.
extension CommitWriter {
    /// Inserts `stored` unless a run with its id exists. A run of a journey deleted meanwhile is refused
    /// before the insert, so the foreign key never fails the commit its neighbours share.
    mutating func insertRun(_ stored: StoredRun) throws -> IngestionOutcome {
        let run = stored.run
        guard try exists(.journey, run.journeyId) else { return .unknownJourney }
        let entry = stored.entry
        let waiting = StoredWaiting(run.waiting)
        try db.cachedStatement(
            sql: """
                INSERT INTO runs (id, journey_id, version, auth_id, binding_id, entry_message_id, entry_attributes,
                    contactpoint_email, contactpoint_phone, status, position, waiting_step, waiting_trigger, due_at,
                    performing, started_at, updated_at, revision, attempts, waiting_retry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """
        ).execute(arguments: [
            run.id, run.journeyId, run.version, run.authId, run.bindingId, entry.messageId,
            JSONValue.object(entry.attributes).serialized(), entry.contactpointEmail, entry.contactpointPhone,
            run.status.rawValue, run.position, waiting.step, waiting.trigger, waiting.dueAt, run.performing,
            run.startedAt, now, stored.revision, run.attempts, waiting.isRetry,
        ])
        guard db.changesCount > 0 else { return .duplicate }
        try appendTrace(of: run, from: 0)
        counters.countStart(of: run)
        return .started
    }

    /// Saves a moved run if its stored revision is still the expected one; ``IngestionOutcome/stale`` otherwise.
    mutating func saveRun(_ save: RunSave) throws -> IngestionOutcome {
        let (run, expectedRevision, newTraceFrom, send) = (save.run, save.expectedRevision, save.newTraceFrom, save.send)
        let waiting = StoredWaiting(run.waiting)
        try db.cachedStatement(
            sql: """
                UPDATE runs SET status = ?, position = ?, waiting_step = ?, waiting_trigger = ?, due_at = ?,
                    performing = ?, attempts = ?, waiting_retry = ?, revision = revision + 1, updated_at = ?
                WHERE id = ? AND revision = ?
                """
        ).execute(arguments: [
            run.status.rawValue, run.position, waiting.step, waiting.trigger, waiting.dueAt, run.performing, run.attempts,
            waiting.isRetry, now, run.id, expectedRevision,
        ])
        // Someone else saved first (or the run is gone): write nothing, the caller reloads.
        guard db.changesCount > 0 else { return .stale }
        try appendTrace(of: run, from: newTraceFrom)
        counters.countSave(of: run, previousStatus: save.previousStatus, newTraceFrom: newTraceFrom)
        var appended = false
        for event in save.events where try exists(.trigger, event.trigger) {
            appended = try append(event) == .accepted || appended
        }
        if let send {
            try db.cachedStatement(
                sql: """
                    INSERT INTO sends (idempotency_key, run_id, journey_id, step_id, auth_id, channel, purpose,
                        recipient, detail, sent_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (idempotency_key) DO NOTHING
                    """
            ).execute(arguments: [
                send.idempotencyKey, send.runId, send.journeyId, send.stepId, send.authId, send.channel.rawValue,
                send.purpose?.rawValue, send.recipient, send.detail, send.sentAt,
            ])
        }
        return .saved(appendedEvents: appended)
    }

    /// Adds the commit's journey counter changes, in key order.
    func finishJourneyCounters() throws {
        guard !counters.isEmpty else { return }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO journey_counts (journey_id, step, counter, count) VALUES (?, ?, ?, ?)
                ON CONFLICT (journey_id, step, counter) DO UPDATE SET count = count + excluded.count
                """)
        for (counter, amount) in counters.sorted {
            try upsert.execute(arguments: [counter.journeyId, counter.step, counter.name.rawValue, amount])
        }
    }

    /// Writes `run.trace[start...]`, each entry keyed by its index in the trace.
    private func appendTrace(of run: JourneyRun, from start: Int) throws {
        guard start < run.trace.count else { return }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO run_trace (run_id, seq, journey_id, step, at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for seq in max(start, 0)..<run.trace.count {
            let entry = run.trace[seq]
            try insert.execute(arguments: [run.id, seq, run.journeyId, entry.step, entry.at, entry.outcome.rawValue, entry.detail])
        }
    }
}
