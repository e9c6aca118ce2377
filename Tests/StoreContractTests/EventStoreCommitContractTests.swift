import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("SQLiteEventStore.commit")
struct EventStoreCommitContractTests {
    @Test(arguments: StoreKind.all) func outcomesComeBackInOrderForAMixedCommit(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            let outcomes = try await storage.events.commit([
                Fixture.accepted("m1", receivedAt: 1_000),
                Fixture.rejected("r1", receivedAt: 1_100),
                Fixture.accepted("m1", receivedAt: 1_200),
                Fixture.accepted("m2", receivedAt: 1_300),
                Fixture.rejected(nil, receivedAt: 1_400, attributesJSON: nil),
                Fixture.accepted("ghost-event", trigger: "ghost", receivedAt: 1_500),
                Fixture.rejected("ghost-rejected", trigger: "ghost", receivedAt: 1_600),
            ])
            #expect(outcomes == [.accepted, .recorded, .duplicate, .accepted, .recorded, .unknownTrigger, .unknownTrigger])
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 2 && trigger.rejectedCount == 2)
            #expect(try await storage.triggers.trigger(named: "ghost") == nil)
            #expect(try await storage.events.commit([]) == [])
        }
    }

    @Test(arguments: StoreKind.all) func aMessageIdAlreadyInTheLogIsADuplicateInALaterCommit(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            #expect(try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_000)]) == [.accepted])
            #expect(
                try await storage.events.commit([Fixture.accepted("m2", receivedAt: 3_000), Fixture.accepted("m1", receivedAt: 2_000)])
                    == [.accepted, .duplicate])
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 2)
            #expect(trigger.lastEventAt == Date(millisecondsSince1970: 3_000))
        }
    }

    @Test(arguments: StoreKind.all) func anUnknownTriggerDoesNotFailItsNeighbours(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            let outcomes = try await storage.events.commit([
                Fixture.accepted("ghost-1", trigger: "ghost"), Fixture.accepted("m1"),
                Fixture.rejected("ghost-2", trigger: "ghost"), Fixture.rejected("r1"),
            ])
            #expect(outcomes == [.unknownTrigger, .accepted, .unknownTrigger, .recorded])
            #expect(try await storage.triggers.trigger(named: "ghost") == nil)
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 1 && trigger.rejectedCount == 1)
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10)
            #expect(Set(entries.compactMap(\.messageId)) == ["m1", "r1"])
            // The event for the missing trigger was not logged: once the trigger exists, its id is new.
            try await storage.triggers.create(Fixture.trigger("ghost"))
            #expect(try await storage.events.commit([Fixture.accepted("ghost-1", trigger: "ghost")]) == [.accepted])
        }
    }

    @Test(arguments: StoreKind.all) func countersAddUpAcceptedAndRejectedButNotDuplicates(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("order_placed"))
            _ = try await storage.events.commit([
                Fixture.accepted("m1", receivedAt: 5_000), Fixture.accepted("m2", receivedAt: 4_000),
                Fixture.rejected("r1", receivedAt: 9_000), Fixture.accepted("m1", receivedAt: 8_000),
                Fixture.accepted("o1", trigger: "order_placed", receivedAt: 7_000),
            ])
            _ = try await storage.events.commit([Fixture.rejected("r2", receivedAt: 10_000), Fixture.accepted("m2", receivedAt: 11_000)])

            let signup = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(signup.eventCount == 2)
            #expect(signup.rejectedCount == 2)
            #expect(signup.lastEventAt == Date(millisecondsSince1970: 5_000))
            let order = try #require(try await storage.triggers.trigger(named: "order_placed"))
            #expect(order.eventCount == 1 && order.rejectedCount == 0)
            #expect(order.lastEventAt == Date(millisecondsSince1970: 7_000))
        }
    }

    @Test(arguments: StoreKind.all) func theFirstAcceptedEventVerifiesTheIntegrationOnce(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.rejected("r1", receivedAt: 500)])
            let rejectedOnly = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(rejectedOnly.status == .awaitingIntegration)
            #expect(rejectedOnly.verifiedAt == nil && rejectedOnly.lastEventAt == nil)

            _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_000)])
            let verified = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(verified.status == .integrationVerified)
            #expect(verified.verifiedAt == Date(millisecondsSince1970: 1_000))

            _ = try await storage.events.commit([Fixture.accepted("m2", receivedAt: 2_000)])
            let later = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(later.status == .integrationVerified)
            #expect(later.verifiedAt == Date(millisecondsSince1970: 1_000))
            #expect(later.lastEventAt == Date(millisecondsSince1970: 2_000))
        }
    }

    @Test(arguments: StoreKind.all) func aDuplicateAloneDoesNotVerifyATriggerOrMoveLastEventAt(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("order_placed"))
            _ = try await storage.events.commit([Fixture.accepted("m1", trigger: "order_placed", receivedAt: 1_000)])
            #expect(try await storage.events.commit([Fixture.accepted("m1", receivedAt: 2_000)]) == [.duplicate])
            let signup = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(signup.status == .awaitingIntegration)
            #expect(signup.eventCount == 0 && signup.lastEventAt == nil)
        }
    }

    /// A commit of accepted events alone (the hot path, one statement on PostgreSQL) judges each as the
    /// general path does: new, duplicate (also within the commit), or of a trigger that does not exist.
    @Test(arguments: StoreKind.all) func aCommitOfEventsAloneAcceptsCountsAndVerifies(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            let outcomes = try await storage.events.commit([
                Fixture.accepted("m1", receivedAt: 2_000), Fixture.accepted("m1", receivedAt: 2_001),
                Fixture.accepted("g1", trigger: "ghost"), Fixture.accepted("m2", receivedAt: 3_000),
            ])
            #expect(outcomes == [.accepted, .duplicate, .unknownTrigger, .accepted])
            #expect(try await storage.events.commit([Fixture.accepted("m2", receivedAt: 4_000)]) == [.duplicate])
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 2)
            #expect(trigger.status == .integrationVerified)
            #expect(trigger.verifiedAt == Date(millisecondsSince1970: 3_000))
            #expect(trigger.lastEventAt == Date(millisecondsSince1970: 3_000))
            let inspector = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10)
            #expect(inspector.map(\.verdict) == [.duplicate, .accepted, .duplicate, .accepted])
            let claim = try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 10_000)
            #expect(claim.events.map(\.messageId) == ["m1", "m2"])
        }
    }
}
