import FlintCore
import FlintSQLite
import Testing

@Suite("SQLiteStorageHealth")
struct SQLiteStorageHealthTests {
    @Test func aFreshDatabaseIsWritableAndTheProbeLeavesNoTransactionOpen() async throws {
        try await withStorage(.sqlite) { storage in
            try await storage.health.checkWritable()
            try await storage.health.checkWritable()
            #expect(try await storage.settings.setValueIfAbsent("value", forKey: "after_probe") == "value")
        }
    }
}
