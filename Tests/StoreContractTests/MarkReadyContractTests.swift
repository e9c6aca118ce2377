import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("TriggerStore.markReady contract")
struct MarkReadyContractTests {
    @Test(arguments: StoreKind.all) func anUnknownTriggerIsNil(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            let marked = try await storage.triggers.markReady(named: "ghost", at: referenceTime)
            #expect(marked == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aTriggerAwaitingIntegrationStaysSo(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.rejected("r1")])
            #expect(try await storage.triggers.markReady(named: "wifi_signup", at: referenceTime)?.status == .awaitingIntegration)
            let stored = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(stored.status == .awaitingIntegration)
            #expect(stored.readyAt == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aVerifiedTriggerBecomesReady(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_764_151_260_000)])
            let readyAt = referenceTime.addingTimeInterval(120)
            let ready = try #require(try await storage.triggers.markReady(named: "wifi_signup", at: readyAt))
            #expect(ready.status == .ready)
            #expect(ready.readyAt == readyAt)
            #expect(ready.verifiedAt == Date(millisecondsSince1970: 1_764_151_260_000))
            #expect(try await storage.triggers.trigger(named: "wifi_signup") == ready)
        }
    }

    @Test(arguments: StoreKind.all) func markingAReadyTriggerAgainChangesNothing(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("m1")])
            let first = try await storage.triggers.markReady(named: "wifi_signup", at: referenceTime)
            let second = try #require(try await storage.triggers.markReady(named: "wifi_signup", at: referenceTime.addingTimeInterval(3600)))
            #expect(second == first)
            #expect(second.readyAt == referenceTime)
        }
    }

    @Test(arguments: StoreKind.all) func eventsForAReadyTriggerKeepItReady(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_000)])
            _ = try await storage.triggers.markReady(named: "wifi_signup", at: referenceTime)
            _ = try await storage.events.commit([Fixture.accepted("m2", receivedAt: 2_000)])
            let stored = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(stored.status == .ready)
            #expect(stored.verifiedAt == Date(millisecondsSince1970: 1_000))
            #expect(stored.eventCount == 2)
        }
    }
}
