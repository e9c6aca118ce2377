import FlintCore
import GRDB

/// ``RunStore`` on the `runs`, `run_trace` and `sends` tables.
///
/// A waiting run is its own durable timer: `due_at` under the partial index `runs_due`, and
/// `waiting_trigger` under `runs_waiting_for_trigger`, so a million parked runs cost no scan.
/// Statements that run once per event or per step are cached on the connection.
public struct SQLiteRunStore: RunStore {
    let pool: DatabasePool

    public func run(id: String) async throws -> StoredRun? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?"), arguments: [id]) else {
                return nil
            }
            let entry = RunEntry(
                messageId: row["entry_message_id"], attributes: try Self.object(row["entry_attributes"]),
                contactpointEmail: row["contactpoint_email"], contactpointPhone: row["contactpoint_phone"])
            return StoredRun(run: try Self.run(from: row, db: db), revision: row["revision"], entry: entry)
        }
    }

    public func dueRunIds(at now: Int64, limit: Int) async throws -> [String] {
        try await ids(Queries.dueRunIds, [now, limit])
    }

    public func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE runs SET due_at = ?, revision = revision + 1 WHERE id = ? AND revision = ? AND status = 'waiting'",
                arguments: [dueAt, runId, revision])
            return db.changesCount > 0
        }
    }

    public func earliestDueAt() async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: Queries.earliestDueAt))
        }
    }

    public func awaitedTriggers() async throws -> Set<String> {
        try await pool.read { db in
            Set(try String.fetchAll(db, sql: Queries.awaitedTriggers))
        }
    }

    public func runIds(waitingFor trigger: String, authId: String) async throws -> [String] {
        try await ids(Queries.waitingForTrigger, [authId, trigger])
    }

    public func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String] {
        guard !journeyIds.isEmpty else { return [] }
        return try await ids(Queries.unfinished(journeys: journeyIds.count), StatementArguments(journeyIds) + [authId])
    }

    /// One node: nobody else could take its runs over, so there is no claim to renew.
    public func renewClaims(runIds: [String], at now: Int64) async throws {}

    /// One node: every performing run found is one this process left unfinished.
    public func performingRunIds(at now: Int64) async throws -> [String] {
        try await ids(Queries.performing, [])
    }

    public func latestStart(journeyId: String, authId: String) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: Queries.latestStart),
                arguments: [authId, journeyId])
        }
    }

    public func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun] {
        try await pool.read { db in
            let rows: [Row]
            if let authId {
                rows = try Row.fetchAll(db, sql: Queries.customerRuns, arguments: [authId, journeyId, limit])
            } else {
                rows = try Row.fetchAll(db, sql: Queries.journeyRuns, arguments: [journeyId, limit])
            }
            return try rows.map { try Self.run(from: $0, db: db) }
        }
    }

    public func totals(journeyIds: [String]) async throws -> [String: JourneyStats] {
        guard !journeyIds.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: journeyIds.count).joined(separator: ", ")
        return try await pool.read { db in
            var counters: [String: [(step: String, name: String, count: Int)]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT journey_id, counter, count FROM journey_counts WHERE journey_id IN (\(placeholders)) AND step = ''",
                arguments: StatementArguments(journeyIds))
            {
                counters[row["journey_id"], default: []].append((step: "", name: row["counter"], count: row["count"]))
            }
            return counters.mapValues { JourneyStats(counters: $0) }
        }
    }

    public func stats(journeyId: String) async throws -> JourneyStats {
        try await pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Queries.counters), arguments: [journeyId])
            return JourneyStats(counters: rows.map { (step: $0["step"], name: $0["counter"], count: $0["count"]) })
        }
    }

    public func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: Queries.sendCount),
                arguments: [authId, channel.rawValue, purpose.rawValue, since]) ?? 0
        }
    }

    public func send(idempotencyKey: String) async throws -> SendRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sends WHERE idempotency_key = ?", arguments: [idempotencyKey]).map { row in
                SendRecord(
                    idempotencyKey: row["idempotency_key"], runId: row["run_id"], journeyId: row["journey_id"],
                    stepId: row["step_id"], authId: row["auth_id"],
                    channel: SendRecord.Channel(rawValue: row["channel"]) ?? .webhook,
                    purpose: (row["purpose"] as String?).flatMap(MessagePurpose.init(rawValue:)),
                    recipient: row["recipient"], detail: row["detail"], sentAt: row["sent_at"])
            }
        }
    }

    /// Run ids from a cached query.
    private func ids(_ sql: String, _ arguments: StatementArguments) async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    /// Rebuilds a run from its `runs` row and its trace.
    private static func run(from row: Row, db: Database) throws -> JourneyRun {
        let id: String = row["id"]
        let waiting = StoredWaiting(
            step: row["waiting_step"], trigger: row["waiting_trigger"], dueAt: row["due_at"], isRetry: row["waiting_retry"]
        ).waiting
        let traceRows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT step, at, outcome, detail FROM run_trace WHERE run_id = ? ORDER BY seq"),
            arguments: [id])
        var trace: [TraceEntry] = []
        while let entry = try traceRows.next() {
            trace.append(
                TraceEntry(
                    step: entry["step"], at: entry["at"], outcome: TraceEntry.Outcome(rawValue: entry["outcome"]) ?? .failed,
                    detail: entry["detail"]))
        }
        return JourneyRun(
            id: id, journeyId: row["journey_id"], version: row["version"], authId: row["auth_id"],
            bindingId: row["binding_id"], startedAt: row["started_at"], position: row["position"],
            status: JourneyRun.Status(rawValue: row["status"]) ?? .failed, waiting: waiting,
            performing: row["performing"], attempts: row["attempts"], trace: trace)
    }

    private static func object(_ text: String) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(text, maximumDepth: 64) else {
            throw FlintError(.internalError, "A stored run's entry attributes are not a JSON object")
        }
        return object
    }

    /// The read queries, named so tests can check their plans against the indexes.
    enum Queries {
        /// Uses the partial index `runs_due`.
        static let dueRunIds = "SELECT id FROM runs WHERE status = 'waiting' AND due_at <= ? ORDER BY due_at LIMIT ?"
        static let earliestDueAt = "SELECT min(due_at) FROM runs WHERE status = 'waiting'"
        /// Uses the partial index `runs_waiting_for_trigger`: `waiting_trigger = ?` implies it is not null.
        static let waitingForTrigger = "SELECT id FROM runs WHERE auth_id = ? AND waiting_trigger = ?"
        static let awaitedTriggers = "SELECT DISTINCT waiting_trigger FROM runs WHERE waiting_trigger IS NOT NULL"
        static let performing = "SELECT id FROM runs WHERE performing IS NOT NULL"
        static let latestStart = "SELECT max(started_at) FROM runs WHERE auth_id = ? AND journey_id = ?"
        static let customerRuns =
            "SELECT * FROM runs WHERE auth_id = ? AND journey_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?"
        static let journeyRuns = "SELECT * FROM runs WHERE journey_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?"
        /// Reads the primary key of `journey_counts` alone.
        static let counters = "SELECT step, counter, count FROM journey_counts WHERE journey_id = ?"
        static let sendCount = "SELECT count(*) FROM sends WHERE auth_id = ? AND channel = ? AND purpose = ? AND sent_at >= ?"

        /// Uses the partial index `runs_unfinished`; its status list must match the index's exactly.
        static func unfinished(journeys count: Int) -> String {
            let placeholders = Array(repeating: "?", count: count).joined(separator: ", ")
            return "SELECT id FROM runs WHERE journey_id IN (\(placeholders)) AND auth_id = ? AND status IN ('active', 'waiting')"
        }
    }
}
