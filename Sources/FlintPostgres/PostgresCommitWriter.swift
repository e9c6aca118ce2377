import FlintCore
import Foundation
import Logging
import PostgresNIO

/// Writes one group commit's records inside an open transaction. Consecutive events go in one
/// multi-row insert (one round trip for a whole batch); per-trigger counts and inspector entries are
/// written once, at the end.
struct PostgresCommitWriter {
    struct Tally {
        var accepted = 0
        var rejected = 0
        var inspectorRows = 0
        var lastReceivedAt: Int64 = 0
    }

    /// What a commit's records refer to, which may be deleted while they are in flight.
    enum Referenced: Hashable {
        case trigger, entity, journey
    }

    let connection: PostgresConnection
    let logger: Logger
    /// Stamps `updated_at` of the runs written.
    let now: Int64
    let inspectorRetention: Int
    let leaseMilliseconds: Int64
    /// The triggers this process has recorded in `awaited_triggers` already (in committed transactions).
    let knownAwaited: AwaitedRegistry
    /// Those this commit records; known to the process once it has committed.
    var notedAwaited = Set<String>()
    var tallies: [String: Tally] = [:]
    /// Rejected and duplicate entries, inserted together at the end.
    var inspectorRows: [JSONValue] = []
    var existing: [Referenced: [String: Bool]] = [:]
    /// Triggers whose first valid event may be in this commit (read with their existence), so only
    /// they are moved to `integrationVerified`. A trigger learned about later is checked too.
    var awaitingIntegration = Set<String>()
    /// What the runs and tracking this commit wrote add to their journeys' counters.
    var counters = JourneyCounterChanges()

    mutating func write(_ records: [IngestionRecord]) async throws -> [IngestionOutcome] {
        try await learnTriggers(of: records)
        var outcomes: [IngestionOutcome] = []
        outcomes.reserveCapacity(records.count)
        var index = records.startIndex
        while index < records.endIndex {
            var events: [AcceptedEvent] = []
            while index < records.endIndex, case .accepted(let event) = records[index] {
                events.append(event)
                index += 1
            }
            if !events.isEmpty {
                outcomes += try await append(events)
                continue
            }
            outcomes.append(try await write(records[index]))
            index += 1
        }
        try await finish()
        return outcomes
    }

    private mutating func write(_ record: IngestionRecord) async throws -> IngestionOutcome {
        switch record {
        case .accepted(let event):
            return try await append([event])[0]
        case .rejected(let rejection):
            guard try await exists(.trigger, rejection.trigger) else { return .unknownTrigger }
            inspectorRows.append([
                "trigger_name": .string(rejection.trigger), "verdict": "rejected", "message_id": rejection.messageId.map(JSONValue.string) ?? .null,
                "auth_id": rejection.authId.map(JSONValue.string) ?? .null, "received_at": .number(Double(rejection.receivedAt)),
                "problems": .string(try Self.encode(rejection.problems)),
                "attributes": rejection.attributesJSON.map(JSONValue.string) ?? .null,
            ])
            tallies[rejection.trigger, default: Tally()].rejected += 1
            tallies[rejection.trigger, default: Tally()].inspectorRows += 1
            return .recorded
        case .recordWrite(let write):
            return try await writeRecord(write)
        case .customerWrite(let write):
            let created = try await PostgresCustomerStore.upsert(write.customer, at: write.at, on: connection, logger: logger)
            let appended = try await appendEach(write.events)
            guard created else { return appended ? .accepted : .recorded }
            if let event = write.eventIfCreated { _ = try await appendEach([event]) }
            return .created
        case .tracking(let tracking):
            if try await exists(.journey, tracking.journeyId) {
                // Two nodes may count a message's first open at once: the lock makes the check and the
                // count one step, as the single writer does on SQLite.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("tracking\u{1F}" + tracking.messageId)))", logger: logger)
                let first = try await connection.query(
                    tracking.link == nil
                        ? "SELECT NOT EXISTS (SELECT 1 FROM tracking_counts WHERE message_id = \(tracking.messageId) AND link < 0)"
                        : "SELECT NOT EXISTS (SELECT 1 FROM tracking_counts WHERE message_id = \(tracking.messageId) AND link >= 0)",
                    logger: logger
                ).decode(Bool.self).first() ?? false
                counters.countTracking(tracking, firstForMessage: first)
            }
            try await connection.query(
                """
                INSERT INTO tracking_counts (message_id, link, journey_id, step_id, count, first_at, last_at)
                VALUES (\(tracking.messageId), \(tracking.link ?? -1), \(tracking.journeyId), \(tracking.stepId), \(Int64(tracking.count)),
                    \(tracking.at), \(tracking.at))
                ON CONFLICT (message_id, link) DO UPDATE SET
                    count = tracking_counts.count + excluded.count, last_at = greatest(tracking_counts.last_at, excluded.last_at)
                """, logger: logger)
            guard let event = tracking.event else { return .recorded }
            return try await appendEach([event]) ? .accepted : .recorded
        case .consentChange(let change):
            guard try await PostgresCustomerStore.changeConsent(change, on: connection, logger: logger) else { return .unknownCustomer }
            return try await appendEach(change.events) ? .accepted : .recorded
        case .runStart(let stored):
            return try await insertRun(stored)
        case .runSave(let save):
            return try await saveRun(save)
        }
    }

    /// Reads the stored record (locking its row), asks the write what to store over it, writes that and
    /// appends its events; an entity deleted meanwhile takes nothing.
    private mutating func writeRecord(_ write: RecordCommit) async throws -> IngestionOutcome {
        guard try await exists(.entity, write.entity) else { return .unknownEntity }
        // Row locks cannot hold a record that does not exist yet: two nodes creating it at once would both
        // write version 1. A transaction-scoped lock on the record's key makes the read and the write one step.
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(write.entity + "\u{1F}" + write.id)))", logger: logger)
        let previous = try await PostgresEntityStore.record(entity: write.entity, id: write.id, on: connection, logger: logger)
        var written = write.write(over: previous)
        guard written.change != .unchanged else { return .recordWritten(written) }
        let record = written.record
        try await connection.query(
            """
            INSERT INTO records (entity, id, customer_id, fields, version, created_at, updated_at)
            VALUES (\(record.entity), \(record.id), \(record.customerId), \(JSONValue.object(record.fields).serialized()), \(record.version),
                \(record.createdAt), \(record.updatedAt))
            ON CONFLICT (entity, id) DO UPDATE SET
                customer_id = excluded.customer_id, fields = excluded.fields, version = excluded.version, updated_at = excluded.updated_at
            """, logger: logger)
        written.appended = try await append(written.events).filter { $0 == .accepted }.count
        return .recordWritten(written)
    }

    /// Appends events one call at a time; true when any was appended.
    mutating func appendEach(_ events: [AcceptedEvent]) async throws -> Bool {
        guard !events.isEmpty else { return false }
        return try await append(events).contains(.accepted)
    }

    static func encode(_ problems: [Problem]) throws -> String {
        String(decoding: try JSONEncoder().encode(problems), as: UTF8.self)
    }
}
