import FlintCore
import Foundation
import GRDB
import Testing

@testable import FlintSQLite

/// One node's cursor into the log: SQLite commits sequence numbers in order, so a cursor follows it.
@Suite("SQLiteEventLogReader")
struct SQLiteEventLogReaderTests {
    @Test func theCursorSurvivesReopening() async throws {
        try await withTemporaryFolder { folder in
            do {
                let storage = try SQLiteDatabase.migrated(folder: folder).storage()
                try await storage.triggers.create(Fixture.trigger())
                _ = try await storage.events.commit([Fixture.accepted("m1")])
                try await storage.eventLog.complete(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 0))
                // Stored at most once a second while running; the stop flushes what came since.
                _ = try await storage.events.commit([Fixture.accepted("m2")])
                try await storage.eventLog.complete(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 0))
                try await storage.eventLog.flush()
            }
            let reopened = try SQLiteDatabase.migrated(folder: folder).storage()
            #expect(try await reopened.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 0).events.isEmpty)
        }
    }

    /// Events already in the log when journeys arrived were never meant to start runs.
    @Test func migratingAnExistingLogStartsTheCursorAfterIt() async throws {
        try await withTemporaryFolder { folder in
            let pool = try DatabasePool(path: folder.appendingPathComponent("flint.sqlite").path)
            try SQLiteMigrations.migrator.migrate(pool, upTo: "v1: triggers, events, inspector, keys, settings")
            // Rows as the v1 schema holds them (today's stores write columns added later).
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO triggers (name, kind, title, customer_type, attributes, status, created_at)
                        VALUES ('wifi_signup', 'custom', 'Wi-Fi sign-up', 'contact', '[]', 'integrationVerified', 0)
                        """)
                for messageId in ["m1", "m2"] {
                    try db.execute(
                        sql: """
                            INSERT INTO events (message_id, trigger_name, auth_id, occurred_at, received_at, attributes)
                            VALUES (?, 'wifi_signup', 'contact-1', 1000, 1000, '{}')
                            """,
                        arguments: [messageId])
                }
            }
            try pool.close()

            let storage = try SQLiteDatabase.migrated(folder: folder).storage()
            #expect(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 0).events.isEmpty)
        }
    }
}
