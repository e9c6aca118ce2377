import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("SQLiteDatabase durability")
struct SQLiteDurabilityTests {
    /// Opens the database in `folder`, runs `body` on its stores, and lets the database go.
    func withDatabase(in folder: URL, _ body: (Storage) async throws -> Void) async throws {
        let database = try SQLiteDatabase.migrated(folder: folder)
        try await body(database.storage())
    }

    @Test func committedEventsSurviveReopeningTheDatabase() async throws {
        try await withTemporaryFolder { folder in
            try await withDatabase(in: folder) { storage in
                try await storage.triggers.create(Fixture.trigger())
                #expect(
                    try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_000), Fixture.rejected("r1", receivedAt: 2_000)])
                        == [.accepted, .recorded])
                try await storage.keys.insert(
                    IngestionKey(
                        id: "key_1", name: "web", kind: .secret, prefix: "flk_sec_AAAAAAAA", secretHash: "hash",
                        publishableKey: nil, allowedOrigins: [], rateLimit: nil, createdAt: referenceTime))
                _ = try await storage.settings.setValueIfAbsent("first", forKey: "admin_token_sha256")
            }
            try await withDatabase(in: folder) { storage in
                #expect(try await storage.events.commit([Fixture.accepted("m1", receivedAt: 3_000)]) == [.duplicate])
                let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
                #expect(trigger.eventCount == 1 && trigger.rejectedCount == 1)
                #expect(trigger.status == .integrationVerified)
                #expect(trigger.lastEventAt == Date(millisecondsSince1970: 1_000))
                let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10)
                #expect(entries.map(\.verdict) == [.duplicate, .rejected, .accepted])
                #expect(try await storage.keys.key(id: "key_1")?.prefix == "flk_sec_AAAAAAAA")
                #expect(try await storage.settings.value(forKey: "admin_token_sha256") == "first")
            }
        }
    }

    @Test func reopeningAMigratedDatabaseKeepsItsTriggers() async throws {
        try await withTemporaryFolder { folder in
            try await withDatabase(in: folder) { storage in
                try await storage.triggers.createMissing(BuiltinTriggers.triggers(createdAt: referenceTime))
            }
            try await withDatabase(in: folder) { (storage: Storage) async throws in
                #expect(try await storage.triggers.all().count == BuiltinTriggers.definitions.count)
            }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("flint.sqlite").path))
        }
    }
}
