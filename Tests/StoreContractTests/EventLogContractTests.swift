import FlintCore
import Foundation
import Testing

@Suite("EventLogReader contract")
struct EventLogContractTests {
    static let both: Set<String> = ["wifi_signup", "purchase_completed"]

    @Test(arguments: StoreKind.all) func eventsAreClaimedOldestFirstAndOnce(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("purchase_completed"))
            let rich = AcceptedEvent(
                messageId: "m2", trigger: "purchase_completed", authId: "contact-1", bindingId: "order/123", timestamp: 1_500,
                receivedAt: 2_000, attributes: ["location": "lobby", "amount": 12.5, "order": ["id": "123"]],
                contactpointEmail: "ann@example.com", contactpointPhone: "+15550100")
            _ = try await storage.events.commit([Fixture.accepted("m1"), .accepted(rich), Fixture.rejected("r1"), Fixture.accepted("m1")])
            _ = try await storage.events.commit([Fixture.accepted("m3", receivedAt: 3_000)])

            let first = try await storage.eventLog.claimEvents(of: Self.both, limit: 2, now: 10_000)
            #expect(first.events.map(\.messageId) == ["m1", "m2"])
            #expect(first.events[1] == rich)
            #expect(first.hasMore)
            try await storage.eventLog.complete(first)
            let rest = try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: 10_000)
            #expect(rest.events.map(\.messageId) == ["m3"])
            try await storage.eventLog.complete(rest)
            #expect(try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: 10_000).events.isEmpty)
        }
    }

    /// Events of triggers no journey needs are claimed and completed with the others, never returned.
    @Test(arguments: StoreKind.all) func onlyTheTriggersAskedForComeBack(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("purchase_completed"))
            var anonymous = AcceptedEvent(messageId: "anon", trigger: "purchase_completed", authId: "a", timestamp: 1, receivedAt: 1, attributes: [:])
            anonymous.isAnonymous = true
            _ = try await storage.events.commit([
                Fixture.accepted("m1"), Fixture.accepted("m2", trigger: "purchase_completed"), .accepted(anonymous),
            ])
            let claim = try await storage.eventLog.claimEvents(of: ["purchase_completed"], limit: 10, now: 10_000)
            #expect(claim.events.map(\.messageId) == ["m2"])
            try await storage.eventLog.complete(claim)
            #expect(try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: 10_000).events.isEmpty)
            #expect(try await storage.eventLog.claimEvents(of: [], limit: 10, now: 10_000).events.isEmpty)
        }
    }

    /// With no journey interested in anything, claims still move past the log a page at a time.
    @Test(arguments: StoreKind.all) func aClaimOfNoTriggerMovesPastThePage(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("m1"), Fixture.accepted("m2"), Fixture.accepted("m3")])
            let none = try await storage.eventLog.claimEvents(of: [], limit: 1, now: 10_000)
            #expect(none.events.isEmpty)
            #expect(none.hasMore)
            try await storage.eventLog.complete(none)
            let rest = try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: 10_000)
            #expect(rest.events.map(\.messageId) == ["m2", "m3"])
        }
    }

    /// A claim never completed (its node died) is claimed again once its lease has run out.
    @Test(arguments: StoreKind.all) func anUncompletedClaimComesBackAfterItsLease(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("m1")])
            #expect(try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: 10_000).events.map(\.messageId) == ["m1"])
            let later = 10_000 + 24 * 3600 * 1000
            let again = try await storage.eventLog.claimEvents(of: Self.both, limit: 10, now: Int64(later))
            #expect(again.events.map(\.messageId) == ["m1"])
        }
    }
}
