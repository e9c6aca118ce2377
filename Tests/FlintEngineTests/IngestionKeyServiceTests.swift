import FlintCore
import FlintEngine
import Foundation
import Testing

@Suite("IngestionKeyService")
struct IngestionKeyServiceTests {
    @Test func aSecretKeyIsStoredOnlyAsItsHash() async throws {
        let harness = KeyServiceHarness()
        let issued = try await harness.service.create(IngestionKeyRequest(name: "backend", kind: .secret))
        #expect(issued.value.hasPrefix(KeyFormat.secretPrefix))
        #expect(KeyFormat.prefix(of: issued.value) == issued.key.prefix)
        #expect(issued.key.createdAt == harness.clock.now())

        let stored = try #require(harness.store.all.first)
        #expect(harness.store.all.count == 1)
        #expect(stored == issued.key)
        #expect(stored.publishableKey == nil)
        #expect(stored.secretHash == SecretHash.hex(issued.value))
        let storedText = [stored.id, stored.name, stored.prefix, stored.secretHash].joined(separator: " ")
        #expect(!storedText.contains(issued.value.dropFirst(stored.prefix.count)))
    }

    @Test func aPublishableKeyKeepsItsValueAndOrigins() async throws {
        let harness = KeyServiceHarness()
        let request = IngestionKeyRequest(name: "web shop", kind: .publishable, allowedOrigins: ["https://shop.example"], rateLimit: 5)
        let issued = try await harness.service.create(request)
        #expect(issued.value.hasPrefix(KeyFormat.publishablePrefix))
        #expect(KeyFormat.prefix(of: issued.value) == issued.key.prefix)
        let stored = try #require(harness.store.all.first)
        #expect(stored.publishableKey == issued.value)
        #expect(stored.secretHash == SecretHash.hex(issued.value))
        #expect(stored.allowedOrigins == ["https://shop.example"])
        #expect(stored.rateLimit == 5)
        #expect(stored.name == "web shop")
    }

    @Test func everyKeyIsDifferent() async throws {
        let harness = KeyServiceHarness()
        var values: Set<String> = []
        var prefixes: Set<String> = []
        var ids: Set<String> = []
        for _ in 0..<20 {
            let issued = try await harness.service.create(IngestionKeyRequest(name: "k", kind: .secret))
            values.insert(issued.value)
            prefixes.insert(issued.key.prefix)
            ids.insert(issued.key.id)
        }
        #expect(values.count == 20 && prefixes.count == 20 && ids.count == 20)
    }

    @Test func aRotatedKeyWorksUntilTheGracePeriodEnds() async throws {
        let harness = KeyServiceHarness()
        let request = IngestionKeyRequest(name: "web", kind: .publishable, allowedOrigins: ["https://shop.example"], rateLimit: 100)
        let old = try await harness.service.create(request)
        harness.clock.advance(by: 10)
        let new = try await harness.service.rotate(id: old.key.id, graceSeconds: 60)
        #expect(new.value != old.value && new.key.id != old.key.id)
        #expect(new.key.name == "web" && new.key.kind == .publishable)
        #expect(new.key.allowedOrigins == ["https://shop.example"] && new.key.rateLimit == 100)
        #expect(try await harness.store.key(id: old.key.id)?.expiresAt == harness.clock.now().addingTimeInterval(60))

        harness.clock.advance(by: 59)
        #expect(harness.authenticationError(old.value) == nil)
        #expect(harness.authenticationError(new.value) == nil)
        #expect(try await harness.service.list().map(\.id) == [old.key.id, new.key.id])

        harness.clock.advance(by: 2)
        #expect(harness.authenticationError(old.value)?.code == .unauthorized)
        #expect(harness.authenticationError(new.value) == nil)
        #expect(try await harness.service.list().map(\.id) == [new.key.id])
    }

    @Test func rotatingAnUnknownOrExpiredKeyIsNotFound() async throws {
        let harness = KeyServiceHarness()
        let error = await #expect(throws: FlintError.self) { try await harness.service.rotate(id: "key_nope", graceSeconds: 60) }
        #expect(error?.code == .notFound)

        let old = try await harness.service.create(IngestionKeyRequest(name: "k", kind: .secret))
        _ = try await harness.service.rotate(id: old.key.id, graceSeconds: 0)
        let expired = await #expect(throws: FlintError.self) { try await harness.service.rotate(id: old.key.id, graceSeconds: 60) }
        #expect(expired?.code == .notFound)
        #expect(harness.store.all.count == 2)
    }

    @Test func aRevokedKeyStopsWorkingAtOnce() async throws {
        let harness = KeyServiceHarness()
        let issued = try await harness.service.create(IngestionKeyRequest(name: "k", kind: .secret))
        let other = try await harness.service.create(IngestionKeyRequest(name: "other", kind: .secret))
        #expect(harness.authenticationError(issued.value) == nil)
        try await harness.service.revoke(id: issued.key.id)
        #expect(harness.authenticationError(issued.value)?.code == .unauthorized)
        #expect(harness.authenticationError(other.value) == nil)
        #expect(try await harness.service.list().map(\.id) == [other.key.id])
        #expect(try await harness.store.key(id: issued.key.id)?.revokedAt == harness.clock.now())

        let again = await #expect(throws: FlintError.self) { try await harness.service.revoke(id: issued.key.id) }
        #expect(again?.code == .notFound)
    }

    @Test func loadRestoresKeysAfterARestart() async throws {
        let harness = KeyServiceHarness()
        let kept = try await harness.service.create(IngestionKeyRequest(name: "kept", kind: .secret))
        let revoked = try await harness.service.create(IngestionKeyRequest(name: "revoked", kind: .secret))
        let rotated = try await harness.service.create(IngestionKeyRequest(name: "rotated", kind: .secret))
        try await harness.service.revoke(id: revoked.key.id)
        let replacement = try await harness.service.rotate(id: rotated.key.id, graceSeconds: 30)

        let restarted = KeyServiceHarness.service(store: harness.store, clock: harness.clock)
        #expect(throws: FlintError.self) { try restarted.authenticate(token: kept.value, origin: nil) }
        try await restarted.load()
        #expect(try restarted.authenticate(token: kept.value, origin: nil).id == kept.key.id)
        #expect(try restarted.authenticate(token: replacement.value, origin: nil).id == replacement.key.id)
        #expect(try restarted.authenticate(token: rotated.value, origin: nil).id == rotated.key.id)
        #expect(throws: FlintError.self) { try restarted.authenticate(token: revoked.value, origin: nil) }
        harness.clock.advance(by: 31)
        #expect(throws: FlintError.self) { try restarted.authenticate(token: rotated.value, origin: nil) }
    }
}
