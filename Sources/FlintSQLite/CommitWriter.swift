import FlintCore
import Foundation
import GRDB

/// Writes one group commit's records inside an open transaction and keeps per-trigger tallies,
/// so each trigger's counters and status are updated once per commit rather than once per event.
struct CommitWriter {
    private struct Tally {
        var accepted = 0
        var rejected = 0
        var inspectorRows = 0
        var lastReceivedAt: Int64 = 0
    }

    let db: Database
    /// Stamps `updated_at` of the runs written; nothing reads it back.
    let now: Int64
    private let inspectorRetention: Int
    private let insertEvent: Statement
    private let insertInspectorEntry: Statement
    private var tallies: [String: Tally] = [:]
    /// What the runs and tracking this commit wrote add to their journeys' counters.
    var counters = JourneyCounterChanges()
    /// Whether each trigger, entity and journey this commit refers to exists; checked once each, inside
    /// the transaction, so no insert ever fails on a foreign key (a failed statement cannot be reused, and
    /// one record's failure would fail the neighbours it shares the commit with).
    private var existing: [Referenced: [String: Bool]] = [:]

    /// What a commit's records refer to, which may be deleted while they are in flight.
    enum Referenced: Hashable {
        case trigger, entity, journey

        var query: String {
            switch self {
            case .trigger: "SELECT EXISTS (SELECT 1 FROM triggers WHERE name = ?)"
            case .entity: "SELECT EXISTS (SELECT 1 FROM entities WHERE name = ?)"
            case .journey: "SELECT EXISTS (SELECT 1 FROM journeys WHERE id = ?)"
            }
        }
    }

    init(db: Database, now: Int64, inspectorRetention: Int) throws {
        self.db = db
        self.now = now
        self.inspectorRetention = inspectorRetention
        insertEvent = try db.cachedStatement(
            sql: """
                INSERT INTO events (message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes,
                    contactpoint_email, contactpoint_phone, anonymous)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING
                """)
        insertInspectorEntry = try db.cachedStatement(
            sql: """
                INSERT INTO inspector_entries (trigger_name, verdict, message_id, auth_id, received_at, problems, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
    }

    mutating func write(_ record: IngestionRecord) throws -> IngestionOutcome {
        switch record {
        case .accepted(let event):
            guard try exists(.trigger, event.trigger) else { return .unknownTrigger }
            return try append(event)
        case .rejected(let rejection):
            guard try exists(.trigger, rejection.trigger) else { return .unknownTrigger }
            try insertInspectorEntry.execute(arguments: [
                rejection.trigger, "rejected", rejection.messageId, rejection.authId, rejection.receivedAt,
                Self.encode(rejection.problems), rejection.attributesJSON,
            ])
            tallies[rejection.trigger, default: Tally()].rejected += 1
            tallies[rejection.trigger, default: Tally()].inspectorRows += 1
            return .recorded
        case .recordWrite(let write):
            return try writeRecord(write)
        case .customerWrite(let write):
            let created = try SQLiteCustomerStore.upsert(write.customer, at: write.at, db: db)
            var appended = false
            for event in write.events where try exists(.trigger, event.trigger) { appended = try append(event) == .accepted || appended }
            guard created else { return appended ? .accepted : .recorded }
            if let event = write.eventIfCreated, try exists(.trigger, event.trigger) { _ = try append(event) }
            return .created
        case .tracking(let tracking):
            if try exists(.journey, tracking.journeyId) {
                let first = try Bool.fetchOne(
                    db.cachedStatement(
                        sql: tracking.link == nil
                            ? "SELECT NOT EXISTS (SELECT 1 FROM tracking_counts WHERE message_id = ? AND link < 0)"
                            : "SELECT NOT EXISTS (SELECT 1 FROM tracking_counts WHERE message_id = ? AND link >= 0)"),
                    arguments: [tracking.messageId]) ?? false
                counters.countTracking(tracking, firstForMessage: first)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO tracking_counts (message_id, link, journey_id, step_id, count, first_at, last_at)
                    VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?5)
                    ON CONFLICT (message_id, link) DO UPDATE SET count = count + ?6, last_at = max(last_at, ?5)
                    """
            ).execute(arguments: [tracking.messageId, tracking.link ?? -1, tracking.journeyId, tracking.stepId, tracking.at, tracking.count])
            guard let event = tracking.event, try exists(.trigger, event.trigger) else { return .recorded }
            return try append(event) == .accepted ? .accepted : .recorded
        case .consentChange(let change):
            guard try SQLiteCustomerStore.changeConsent(change, db: db) else { return .unknownCustomer }
            var appended = false
            for event in change.events where try exists(.trigger, event.trigger) { appended = try append(event) == .accepted || appended }
            return appended ? .accepted : .recorded
        case .runStart(let stored):
            return try insertRun(stored)
        case .runSave(let save):
            return try saveRun(save)
        }
    }

    /// Reads the stored record, asks the write what to store over it, writes that and appends its
    /// events, all inside this transaction; an entity deleted meanwhile takes nothing.
    private mutating func writeRecord(_ write: RecordCommit) throws -> IngestionOutcome {
        guard try exists(.entity, write.entity) else { return .unknownEntity }
        var written = write.write(over: try SQLiteEntityStore.record(db: db, entity: write.entity, id: write.id))
        guard written.change != .unchanged else { return .recordWritten(written) }
        let record = written.record
        try db.cachedStatement(
            sql: """
                INSERT INTO records (entity, id, customer_id, fields, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity, id) DO UPDATE SET
                    customer_id = excluded.customer_id, fields = excluded.fields, version = excluded.version,
                    updated_at = excluded.updated_at
                """
        ).execute(arguments: [
            record.entity, record.id, record.customerId, JSONValue.object(record.fields).serialized(), record.version,
            record.createdAt, record.updatedAt,
        ])
        for event in written.events where try exists(.trigger, event.trigger) {
            if try append(event) == .accepted { written.appended += 1 }
        }
        return .recordWritten(written)
    }

    /// Whether the `kind` named `name` exists, asked once per commit.
    mutating func exists(_ kind: Referenced, _ name: String) throws -> Bool {
        if let known = existing[kind]?[name] { return known }
        let found = try Bool.fetchOne(db.cachedStatement(sql: kind.query), arguments: [name]) ?? false
        existing[kind, default: [:]][name] = found
        return found
    }

    mutating func append(_ event: AcceptedEvent) throws -> IngestionOutcome {
        try insertEvent.execute(arguments: [
            event.messageId, event.trigger, event.authId, event.bindingId, event.timestamp, event.receivedAt,
            event.attributesJSON, event.contactpointEmail, event.contactpointPhone, event.isAnonymous,
        ])
        if db.changesCount > 0 {
            var tally = tallies[event.trigger, default: Tally()]
            tally.accepted += 1
            tally.lastReceivedAt = max(tally.lastReceivedAt, event.receivedAt)
            tallies[event.trigger] = tally
            return .accepted
        }
        try insertInspectorEntry.execute(arguments: [
            event.trigger, "duplicate", event.messageId, event.authId, event.receivedAt, "[]", event.attributesJSON,
        ])
        tallies[event.trigger, default: Tally()].inspectorRows += 1
        return .duplicate
    }

    /// Applies the tallies: counters, first verification, and inspector retention; then the journey counters.
    func finish() throws {
        try finishJourneyCounters()
        for (trigger, tally) in tallies {
            if tally.accepted > 0 || tally.rejected > 0 {
                try db.cachedStatement(
                    sql: """
                        UPDATE triggers SET
                            event_count = event_count + ?1,
                            rejected_count = rejected_count + ?2,
                            last_event_at = CASE WHEN ?1 > 0 THEN max(coalesce(last_event_at, 0), ?3) ELSE last_event_at END,
                            verified_at = CASE WHEN ?1 > 0 AND verified_at IS NULL THEN ?3 ELSE verified_at END,
                            status = CASE WHEN ?1 > 0 AND status = 'awaitingIntegration' THEN 'integrationVerified' ELSE status END
                        WHERE name = ?4
                        """
                ).execute(arguments: [tally.accepted, tally.rejected, tally.lastReceivedAt, trigger])
            }
            if tally.inspectorRows > 0 {
                try db.cachedStatement(
                    sql: """
                        DELETE FROM inspector_entries WHERE trigger_name = ?1 AND id <= (
                            SELECT id FROM inspector_entries WHERE trigger_name = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                        """
                ).execute(arguments: [trigger, inspectorRetention])
            }
        }
    }

    static func encode(_ problems: [Problem]) throws -> String {
        String(decoding: try JSONEncoder().encode(problems), as: UTF8.self)
    }
}
