import FlintCore
import Logging
import PostgresNIO

/// ``RunStore`` on the `runs`, `run_trace` and `sends` tables.
///
/// Work is claimed, not assumed: a due timer and an interrupted step are taken with
/// `FOR UPDATE SKIP LOCKED` and held for a lease (`lease_until`), so one node handles each, and another
/// takes it over only when the lease has run out (its node died).
public struct PostgresRunStore: RunStore {
    let client: PostgresClient
    let logger: Logger
    let leaseMilliseconds: Int64

    public func run(id: String) async throws -> StoredRun? {
        guard let row = try await client.query("SELECT * FROM runs WHERE id = \(id)", logger: logger).collect().first else { return nil }
        let columns = row.columns
        let entry = RunEntry(
            messageId: try columns.value("entry_message_id"), attributes: try Self.object(try columns.value("entry_attributes")),
            contactpointEmail: try columns.value("contactpoint_email"), contactpointPhone: try columns.value("contactpoint_phone"))
        let trace = try await traces(of: [id])[id] ?? []
        return StoredRun(run: try Self.run(from: row, trace: trace), revision: try columns.value("revision"), entry: entry)
    }

    /// Claims the due runs no other node holds, for a lease.
    public func dueRunIds(at now: Int64, limit: Int) async throws -> [String] {
        try await ids(
            """
            WITH claimed AS (
                UPDATE runs SET lease_until = \(now + leaseMilliseconds) WHERE id IN (
                    SELECT id FROM runs WHERE status = 'waiting' AND due_at <= \(now) AND lease_until < \(now)
                    ORDER BY due_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, due_at)
            SELECT id FROM claimed ORDER BY due_at
            """)
    }

    public func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool {
        try await client.query(
            """
            UPDATE runs SET due_at = \(dueAt), revision = revision + 1, lease_until = 0
            WHERE id = \(runId) AND revision = \(revision) AND status = 'waiting' RETURNING id
            """, logger: logger
        ).collect().count == 1
    }

    /// A due timer another node holds counts from when its claim lapses, so this node does not wake
    /// for it again and again meanwhile.
    public func earliestDueAt() async throws -> Int64? {
        try await client.query("SELECT min(greatest(due_at, lease_until)) FROM runs WHERE status = 'waiting'", logger: logger)
            .decode(Int64?.self).first() ?? nil
    }

    /// Read from `awaited_triggers`, a small table the commits that make runs wait keep: cheap enough for
    /// every dispatch page, so no node trusts a notice that may not have arrived.
    public func awaitedTriggers() async throws -> Set<String> {
        Set(try await ids("SELECT trigger_name FROM awaited_triggers"))
    }

    public func runIds(waitingFor trigger: String, authId: String) async throws -> [String] {
        try await ids("SELECT id FROM runs WHERE auth_id = \(authId) AND waiting_trigger = \(trigger)")
    }

    public func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String] {
        guard !journeyIds.isEmpty else { return [] }
        return try await ids(
            "SELECT id FROM runs WHERE journey_id = ANY(\(journeyIds)) AND auth_id = \(authId) AND status IN ('active', 'waiting')")
    }

    /// Claims the runs whose step was being performed by a node that no longer holds them (it stopped
    /// or died, and the lease ran out).
    public func performingRunIds(at now: Int64) async throws -> [String] {
        try await ids(
            """
            UPDATE runs SET lease_until = \(now + leaseMilliseconds) WHERE id IN (
                SELECT id FROM runs WHERE performing IS NOT NULL AND lease_until < \(now) LIMIT 1000 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """)
    }

    public func renewClaims(runIds: [String], at now: Int64) async throws {
        guard !runIds.isEmpty else { return }
        try await client.query(
            "UPDATE runs SET lease_until = \(now + leaseMilliseconds) WHERE id = ANY(\(runIds)) AND performing IS NOT NULL", logger: logger)
    }

    public func latestStart(journeyId: String, authId: String) async throws -> Int64? {
        try await client.query(
            "SELECT max(started_at) FROM runs WHERE auth_id = \(authId) AND journey_id = \(journeyId)", logger: logger
        ).decode(Int64?.self).first() ?? nil
    }

    public func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun] {
        let rows =
            if let authId {
                try await client.query(
                    """
                    SELECT * FROM runs WHERE auth_id = \(authId) AND journey_id = \(journeyId)
                    ORDER BY started_at DESC, inserted DESC LIMIT \(limit)
                    """, logger: logger
                ).collect()
            } else {
                try await client.query(
                    "SELECT * FROM runs WHERE journey_id = \(journeyId) ORDER BY started_at DESC, inserted DESC LIMIT \(limit)", logger: logger
                ).collect()
            }
        let traces = try await traces(of: try rows.map { try $0.columns.value("id", as: String.self) })
        return try rows.map { row in try Self.run(from: row, trace: traces[try row.columns.value("id", as: String.self)] ?? []) }
    }

    public func totals(journeyIds: [String]) async throws -> [String: JourneyStats] {
        guard !journeyIds.isEmpty else { return [:] }
        let rows = try await client.query(
            "SELECT journey_id, counter, count FROM journey_counts WHERE journey_id = ANY(\(journeyIds)) AND step = ''", logger: logger
        ).decode((String, String, Int).self)
        var counters: [String: [(step: String, name: String, count: Int)]] = [:]
        for try await (journeyId, name, count) in rows { counters[journeyId, default: []].append((step: "", name: name, count: count)) }
        return counters.mapValues { JourneyStats(counters: $0) }
    }

    public func stats(journeyId: String) async throws -> JourneyStats {
        let rows = try await client.query(
            "SELECT step, counter, count FROM journey_counts WHERE journey_id = \(journeyId)", logger: logger
        ).decode((String, String, Int).self)
        var counters: [(step: String, name: String, count: Int)] = []
        for try await (step, name, count) in rows { counters.append((step: step, name: name, count: count)) }
        return JourneyStats(counters: counters)
    }

    public func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int {
        try await client.query(
            """
            SELECT count(*) FROM sends
            WHERE auth_id = \(authId) AND channel = \(channel.rawValue) AND purpose = \(purpose.rawValue) AND sent_at >= \(since)
            """, logger: logger
        ).decode(Int.self).first() ?? 0
    }

    public func send(idempotencyKey: String) async throws -> SendRecord? {
        try await client.query("SELECT * FROM sends WHERE idempotency_key = \(idempotencyKey)", logger: logger).collect().first.map { row in
            let row = row.columns
            return SendRecord(
                idempotencyKey: try row.value("idempotency_key"), runId: try row.value("run_id"), journeyId: try row.value("journey_id"),
                stepId: try row.value("step_id"), authId: try row.value("auth_id"),
                channel: SendRecord.Channel(rawValue: try row.value("channel")) ?? .webhook,
                purpose: try row.value("purpose", as: String?.self).flatMap(MessagePurpose.init(rawValue:)),
                recipient: try row.value("recipient"), detail: try row.value("detail"), sentAt: try row.value("sent_at"))
        }
    }

    private func ids(_ query: PostgresQuery) async throws -> [String] {
        try await client.query(query, logger: logger).decode(String.self).collect()
    }

    /// The traces of `runIds`, each in order.
    private func traces(of runIds: [String]) async throws -> [String: [TraceEntry]] {
        guard !runIds.isEmpty else { return [:] }
        let rows = try await client.query(
            "SELECT run_id, step, at, outcome, detail FROM run_trace WHERE run_id = ANY(\(runIds)) ORDER BY run_id, seq", logger: logger
        ).decode((String, String?, Int64, String, String).self)
        var traces: [String: [TraceEntry]] = [:]
        for try await (runId, step, at, outcome, detail) in rows {
            traces[runId, default: []].append(
                TraceEntry(step: step, at: at, outcome: TraceEntry.Outcome(rawValue: outcome) ?? .failed, detail: detail))
        }
        return traces
    }

    private static func run(from row: PostgresRow, trace: [TraceEntry]) throws -> JourneyRun {
        let row = row.columns
        let waiting = StoredWaiting(
            step: try row.value("waiting_step"), trigger: try row.value("waiting_trigger"), dueAt: try row.value("due_at"),
            isRetry: try row.value("waiting_retry")
        ).waiting
        return JourneyRun(
            id: try row.value("id"), journeyId: try row.value("journey_id"), version: try row.value("version"),
            authId: try row.value("auth_id"), bindingId: try row.value("binding_id"), startedAt: try row.value("started_at"),
            position: try row.value("position"), status: JourneyRun.Status(rawValue: try row.value("status")) ?? .failed,
            waiting: waiting, performing: try row.value("performing"), attempts: try row.value("attempts"), trace: trace)
    }

    static func object(_ text: String) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(text, maximumDepth: 64) else {
            throw FlintError(.internalError, "A stored run's entry attributes are not a JSON object")
        }
        return object
    }
}
