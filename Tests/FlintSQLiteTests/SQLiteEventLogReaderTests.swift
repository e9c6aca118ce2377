import FlintCore
import Foundation
import GRDB
import Testing

@testable import FlintSQLite

@Suite("SQLiteEventLogReader")
struct SQLiteEventLogReaderTests {
    @Test func eventsArePagedBySequence() async throws {
        try await withStorage { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("purchase_completed"))
            let rich = AcceptedEvent(
                messageId: "m2", trigger: "purchase_completed", authId: "contact-1", bindingId: "order/123", timestamp: 1_500,
                receivedAt: 2_000, attributes: ["location": "lobby", "amount": 12.5, "order": ["id": "123"]],
                contactpointEmail: "ann@example.com", contactpointPhone: "+15550100")
            _ = try await storage.events.commit([Fixture.accepted("m1"), .accepted(rich), Fixture.rejected("r1"), Fixture.accepted("m1")])
            _ = try await storage.events.commit([Fixture.accepted("m3", receivedAt: 3_000)])

            let both: Set<String> = ["wifi_signup", "purchase_completed"]
            let latest = try await storage.eventLog.latestSequence()
            let first = try await storage.eventLog.events(after: 0, through: 2, triggers: both)
            #expect(first.map(\.event.messageId) == ["m1", "m2"])
            #expect(first[1].event == rich)
            #expect(first[0].sequence < first[1].sequence)
            let rest = try await storage.eventLog.events(after: first[1].sequence, through: latest, triggers: both)
            #expect(rest.map(\.event.messageId) == ["m3"])
            #expect(rest.last?.sequence == latest)
            #expect(try await storage.eventLog.events(after: latest, through: latest + 10, triggers: both).isEmpty)
            // Only the triggers asked for are read back.
            let purchases = try await storage.eventLog.events(after: 0, through: latest, triggers: ["purchase_completed"])
            #expect(purchases.map(\.event.messageId) == ["m2"])
            #expect(try await storage.eventLog.events(after: 0, through: latest, triggers: []).isEmpty)
        }
    }

    @Test func theCursorStartsAtZeroAndSurvivesReopening() async throws {
        try await withTemporaryFolder { folder in
            do {
                let storage = try SQLiteDatabase.migrated(folder: folder).storage()
                #expect(try await storage.eventLog.dispatchCursor() == 0)
                try await storage.eventLog.setDispatchCursor(41)
                try await storage.eventLog.setDispatchCursor(42)
            }
            let reopened = try SQLiteDatabase.migrated(folder: folder).storage()
            #expect(try await reopened.eventLog.dispatchCursor() == 42)
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
            let cursor = try await storage.eventLog.dispatchCursor()
            #expect(cursor == 2)
            #expect(try await storage.eventLog.latestSequence() == cursor)
        }
    }
}
