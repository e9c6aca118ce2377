import FlintCore
import GRDB

/// ``JourneyStore`` on the `journeys`, `journey_versions` and `journey_triggers` tables.
public struct SQLiteJourneyStore: JourneyStore {
    let pool: DatabasePool

    public func create(_ journey: StoredJourney, triggers: [String]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO journeys (id, name, trigger_name, status, version, live_since, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    journey.id, journey.name, journey.trigger, journey.status.rawValue, journey.version,
                    journey.liveSince, journey.createdAt, journey.updatedAt,
                ])
            try Self.saveDefinition(journey, db: db)
            try Self.replaceTriggers(of: journey.id, with: triggers, db: db)
        }
    }

    public func saveVersion(_ journey: StoredJourney, triggers: [String]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE journeys SET name = ?, trigger_name = ?, version = ?, updated_at = ? WHERE id = ?",
                arguments: [journey.name, journey.trigger, journey.version, journey.updatedAt, journey.id])
            guard db.changesCount > 0 else { throw FlintError.notFound("Journey \(journey.id)") }
            try Self.saveDefinition(journey, db: db)
            try Self.replaceTriggers(of: journey.id, with: triggers, db: db)
        }
    }

    public func setStatus(id: String, status: StoredJourney.Status, liveSince: Int64?, at time: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE journeys SET status = ?, live_since = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, liveSince, time, id])
            guard db.changesCount > 0 else { throw FlintError.notFound("Journey \(id)") }
        }
    }

    public func journey(id: String) async throws -> StoredJourney? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.select + " WHERE j.id = ?", arguments: [id]).map(Self.journey(from:))
        }
    }

    public func all() async throws -> [StoredJourney] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.select + " ORDER BY j.created_at, j.id").map(Self.journey(from:))
        }
    }

    public func definitionJSON(id: String, version: Int) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT definition FROM journey_versions WHERE journey_id = ? AND version = ?",
                arguments: [id, version])
        }
    }

    public func stamp() async throws -> String {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS journeys, coalesce(max(updated_at), 0) AS latest FROM journeys")
            return "\(row?["journeys"] as Int? ?? 0):\(row?["latest"] as Int64? ?? 0)"
        }
    }

    public func hasRuns(id: String, version: Int) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE journey_id = ? AND version = ?)",
                arguments: [id, version]) ?? false
        }
    }

    /// A journey with its current version's definition.
    private static let select = """
        SELECT j.id, j.name, j.trigger_name, j.status, j.version, j.live_since, j.created_at, j.updated_at, v.definition
        FROM journeys j JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.version
        """

    /// Inserts the journey's current version, or replaces its definition when that version exists.
    private static func saveDefinition(_ journey: StoredJourney, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO journey_versions (journey_id, version, definition, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (journey_id, version) DO UPDATE SET definition = excluded.definition
                """,
            arguments: [journey.id, journey.version, journey.definitionJSON, journey.updatedAt])
    }

    /// Replaces the triggers a journey uses; an unknown trigger fails on the foreign key.
    private static func replaceTriggers(of journeyId: String, with triggers: [String], db: Database) throws {
        try db.execute(sql: "DELETE FROM journey_triggers WHERE journey_id = ?", arguments: [journeyId])
        for trigger in triggers {
            try db.execute(
                sql: "INSERT INTO journey_triggers (journey_id, trigger_name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [journeyId, trigger])
        }
    }

    private static func journey(from row: Row) -> StoredJourney {
        StoredJourney(
            id: row["id"], name: row["name"], trigger: row["trigger_name"],
            status: StoredJourney.Status(rawValue: row["status"]) ?? .draft, version: row["version"],
            definitionJSON: row["definition"], liveSince: row["live_since"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}
