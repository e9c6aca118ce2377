import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("IngestionKeyStore contract")
struct IngestionKeyStoreContractTests {
    static func key(
        _ id: String, kind: IngestionKey.Kind = .secret, createdAt: Date = referenceTime, expiresAt: Date? = nil
    ) -> IngestionKey {
        IngestionKey(
            id: id, name: "Key \(id)", kind: kind, prefix: "flk_pub_\(id.suffix(8))", secretHash: "sha256-of-\(id)",
            publishableKey: kind == .publishable ? "flk_pub_value_\(id)" : nil,
            allowedOrigins: kind == .publishable ? ["https://shop.example", "http://localhost:3000"] : [],
            rateLimit: kind == .publishable ? 2.5 : nil, createdAt: createdAt, expiresAt: expiresAt)
    }

    @Test(arguments: StoreKind.all, IngestionKey.Kind.allCases)
    func anInsertedKeyReadsBackUnchanged(store: StoreKind, kind: IngestionKey.Kind) async throws {
        try await withStorage(store) { storage in
            let key = Self.key("key_0001", kind: kind, expiresAt: referenceTime.addingTimeInterval(60))
            try await storage.keys.insert(key)
            #expect(try await storage.keys.key(id: "key_0001") == key)
            #expect(try await storage.keys.key(id: "key_9999") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aSecondKeyWithTheSamePrefixIsRefused(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("a_key_0001"))
            await #expect(throws: (any Error).self) { try await storage.keys.insert(Self.key("b_key_0001")) }
            #expect(try await storage.keys.key(id: "b_key_0001") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func unrevokedListsKeysOldestFirstWithoutRevokedOnes(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0003", createdAt: referenceTime.addingTimeInterval(30)))
            try await storage.keys.insert(Self.key("key_0001", createdAt: referenceTime.addingTimeInterval(10)))
            try await storage.keys.insert(Self.key("key_0002", createdAt: referenceTime.addingTimeInterval(20)))
            try await storage.keys.insert(Self.key("key_0004", expiresAt: referenceTime))
            #expect(try await storage.keys.revoke(id: "key_0002", at: referenceTime))
            #expect(try await storage.keys.unrevoked().map(\.id) == ["key_0004", "key_0001", "key_0003"])
            #expect(try await storage.keys.key(id: "key_0002")?.revokedAt == referenceTime)
        }
    }

    @Test(arguments: StoreKind.all) func rotateExpiresTheOldKeyAndStoresItsReplacement(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0001"))
            let replacement = Self.key("key_0002", createdAt: referenceTime.addingTimeInterval(5))
            let expiresAt = referenceTime.addingTimeInterval(3600)
            try await storage.keys.rotate(id: "key_0001", expiresAt: expiresAt, replacement: replacement)
            #expect(try await storage.keys.key(id: "key_0001")?.expiresAt == expiresAt)
            #expect(try await storage.keys.key(id: "key_0002") == replacement)
            #expect(try await storage.keys.unrevoked().map(\.id) == ["key_0001", "key_0002"])
        }
    }

    @Test(arguments: StoreKind.all) func rotatingAgainNeverExtendsTheGracePeriod(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0001"))
            try await storage.keys.rotate(
                id: "key_0001", expiresAt: referenceTime.addingTimeInterval(60), replacement: Self.key("key_0002"))
            try await storage.keys.rotate(
                id: "key_0001", expiresAt: referenceTime.addingTimeInterval(600), replacement: Self.key("key_0003"))
            #expect(try await storage.keys.key(id: "key_0001")?.expiresAt == referenceTime.addingTimeInterval(60))
        }
    }

    @Test(arguments: StoreKind.all) func rotatingAnUnknownOrRevokedKeyIsNotFoundAndInsertsNothing(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0001"))
            #expect(try await storage.keys.revoke(id: "key_0001", at: referenceTime))
            for id in ["key_0404", "key_0001"] {
                let error = await #expect(throws: FlintError.self) {
                    try await storage.keys.rotate(id: id, expiresAt: referenceTime, replacement: Self.key("key_0002"))
                }
                #expect(error?.code == .notFound)
            }
            #expect(try await storage.keys.key(id: "key_0002") == nil)
            #expect(try await storage.keys.key(id: "key_0001")?.expiresAt == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aFailedReplacementLeavesTheOldKeyUntouched(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0001"))
            try await storage.keys.insert(Self.key("key_0002"))
            // The replacement reuses key_0002's id and prefix, so inserting it fails inside the transaction.
            await #expect(throws: (any Error).self) {
                try await storage.keys.rotate(id: "key_0001", expiresAt: referenceTime, replacement: Self.key("key_0002"))
            }
            #expect(try await storage.keys.key(id: "key_0001")?.expiresAt == nil)
        }
    }

    @Test(arguments: StoreKind.all) func revokeSucceedsOnceThenReportsFalse(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.keys.insert(Self.key("key_0001"))
            #expect(try await storage.keys.revoke(id: "key_0001", at: referenceTime))
            #expect(try await !storage.keys.revoke(id: "key_0001", at: referenceTime.addingTimeInterval(60)))
            #expect(try await storage.keys.key(id: "key_0001")?.revokedAt == referenceTime)
            #expect(try await !storage.keys.revoke(id: "key_0404", at: referenceTime))
        }
    }
}
