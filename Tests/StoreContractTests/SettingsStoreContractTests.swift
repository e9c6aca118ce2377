import FlintCore
import FlintSQLite
import Testing

@Suite("SettingsStore contract")
struct SettingsStoreContractTests {
    @Test(arguments: StoreKind.all) func setValueIfAbsentKeepsTheFirstValue(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.settings.value(forKey: "admin_token_sha256") == nil)
            #expect(try await storage.settings.setValueIfAbsent("first", forKey: "admin_token_sha256") == "first")
            #expect(try await storage.settings.setValueIfAbsent("second", forKey: "admin_token_sha256") == "first")
            #expect(try await storage.settings.value(forKey: "admin_token_sha256") == "first")
        }
    }

    @Test(arguments: StoreKind.all) func keysAreIndependent(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.settings.setValueIfAbsent("a", forKey: "one") == "a")
            #expect(try await storage.settings.setValueIfAbsent("b", forKey: "two") == "b")
            #expect(try await storage.settings.value(forKey: "one") == "a")
            #expect(try await storage.settings.value(forKey: "two") == "b")
        }
    }
}
