import FlintCore
import Logging
import PostgresNIO

/// ``JourneyStore`` on the `journeys`, `journey_versions` and `journey_triggers` tables.
public struct PostgresJourneyStore: JourneyStore {
    let client: PostgresClient
    let logger: Logger

    public func create(_ journey: StoredJourney, triggers: [String]) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO journeys (id, name, trigger_name, status, version, live_since, created_at, updated_at)
                VALUES (\(journey.id), \(journey.name), \(journey.trigger), \(journey.status.rawValue), \(journey.version),
                    \(journey.liveSince), \(journey.createdAt), \(journey.updatedAt))
                """, logger: logger)
            try await saveDefinition(journey, triggers: triggers, on: connection)
        }
    }

    public func saveVersion(_ journey: StoredJourney, triggers: [String]) async throws {
        try await client.transaction(logger: logger) { connection in
            let updated = try await connection.query(
                """
                UPDATE journeys SET name = \(journey.name), trigger_name = \(journey.trigger), version = \(journey.version),
                    updated_at = \(journey.updatedAt)
                WHERE id = \(journey.id) RETURNING id
                """, logger: logger
            ).collect()
            guard updated.count == 1 else { throw FlintError.notFound("Journey \(journey.id)") }
            try await saveDefinition(journey, triggers: triggers, on: connection)
        }
    }

    public func setStatus(id: String, status: StoredJourney.Status, liveSince: Int64?, at time: Int64) async throws {
        let updated = try await client.query(
            "UPDATE journeys SET status = \(status.rawValue), live_since = \(liveSince), updated_at = \(time) WHERE id = \(id) RETURNING id",
            logger: logger
        ).collect()
        guard updated.count == 1 else { throw FlintError.notFound("Journey \(id)") }
    }

    public func journey(id: String) async throws -> StoredJourney? {
        try await client.query(
            """
            SELECT j.id, j.name, j.trigger_name, j.status, j.version, j.live_since, j.created_at, j.updated_at, v.definition
            FROM journeys j JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.version WHERE j.id = \(id)
            """, logger: logger
        ).collect().first.map(Self.journey(from:))
    }

    public func all() async throws -> [StoredJourney] {
        try await client.query(
            """
            SELECT j.id, j.name, j.trigger_name, j.status, j.version, j.live_since, j.created_at, j.updated_at, v.definition
            FROM journeys j JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.version
            ORDER BY j.created_at, j.id COLLATE "C"
            """, logger: logger
        ).collect().map(Self.journey(from:))
    }

    public func definitionJSON(id: String, version: Int) async throws -> String? {
        try await client.query(
            "SELECT definition FROM journey_versions WHERE journey_id = \(id) AND version = \(version)", logger: logger
        ).decode(String.self).first()
    }

    public func stamp() async throws -> String {
        let row = try await client.query("SELECT count(*), coalesce(max(updated_at), 0)::bigint FROM journeys", logger: logger)
            .decode((Int, Int64).self).first()
        return "\(row?.0 ?? 0):\(row?.1 ?? 0)"
    }

    public func hasRuns(id: String, version: Int) async throws -> Bool {
        try await client.query(
            "SELECT EXISTS (SELECT 1 FROM runs WHERE journey_id = \(id) AND version = \(version))", logger: logger
        ).decode(Bool.self).first() ?? false
    }

    /// Stores the current version's definition (replacing it when that version exists) and the triggers
    /// it uses; an unknown trigger fails on the foreign key.
    private func saveDefinition(_ journey: StoredJourney, triggers: [String], on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO journey_versions (journey_id, version, definition, created_at)
            VALUES (\(journey.id), \(journey.version), \(journey.definitionJSON), \(journey.updatedAt))
            ON CONFLICT (journey_id, version) DO UPDATE SET definition = excluded.definition
            """, logger: logger)
        try await connection.query("DELETE FROM journey_triggers WHERE journey_id = \(journey.id)", logger: logger)
        try await connection.query(
            """
            INSERT INTO journey_triggers (journey_id, trigger_name) SELECT \(journey.id), unnest(\(triggers)::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    private static func journey(from row: PostgresRow) throws -> StoredJourney {
        let row = row.columns
        return StoredJourney(
            id: try row.value("id"), name: try row.value("name"), trigger: try row.value("trigger_name"),
            status: StoredJourney.Status(rawValue: try row.value("status")) ?? .draft, version: try row.value("version"),
            definitionJSON: try row.value("definition"), liveSince: try row.value("live_since"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"))
    }
}
