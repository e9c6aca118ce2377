import FlintCore
import Foundation
import Testing

/// What only several nodes need: work claimed by one node is not handed to another until its lease
/// runs out (SQLite, with one node, hands out whatever is there).
@Suite("PostgreSQL claims")
struct PostgresClaimTests {
    typealias J = JourneyFixture

    @Test(arguments: StoreKind.all.filter { $0 == .postgres })
    func claimedWorkIsNotHandedOutTwiceWithinItsLease(store: StoreKind) async throws {
        let clock = FixedClock(at: 1_000_000)
        try await withStorage(store, clock: clock) { storage in
            try await J.prepare(storage)
            _ = try await storage.events.commit([Fixture.accepted("m1")])
            _ = try await storage.insertRuns([
                J.stored(J.performing("busy", authId: "contact-1", startedAt: 1_000)),
                J.stored(J.waitingForTimer("parked", journeyId: "j-1", startedAt: 1_000)),
            ])
            let lease: Int64 = 60_000

            // An event: one claim gets it; a second, within the lease, does not; after the lease, it comes back.
            #expect(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 1_000_000).events.count == 1)
            #expect(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 1_000_001).events.isEmpty)
            let retaken = try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 1_000_000 + lease + 1)
            #expect(retaken.events.map(\.messageId) == ["m1"])
            try await storage.eventLog.complete(retaken)
            #expect(try await storage.eventLog.claimEvents(of: ["wifi_signup"], limit: 10, now: 1_000_000 + 10 * lease).events.isEmpty)

            // A step being performed is held by the node that started it, then taken over once.
            #expect(try await storage.runs.performingRunIds(at: 1_000_000 + lease - 1).isEmpty)
            #expect(try await storage.runs.performingRunIds(at: 1_000_000 + lease + 1) == ["busy"])
            #expect(try await storage.runs.performingRunIds(at: 1_000_000 + lease + 2).isEmpty)

            // A node still performing a step keeps it by renewing its claim.
            try await storage.runs.renewClaims(runIds: ["busy"], at: 1_000_000 + 2 * lease)
            #expect(try await storage.runs.performingRunIds(at: 1_000_000 + 3 * lease - 1).isEmpty)
            #expect(try await storage.runs.performingRunIds(at: 1_000_000 + 3 * lease + 1) == ["busy"])

            // A due timer goes to one node.
            let due = Int64(100_000_000)
            #expect(try await storage.runs.dueRunIds(at: due, limit: 10) == ["parked"])
            #expect(try await storage.runs.dueRunIds(at: due + 1, limit: 10).isEmpty)
            #expect(try await storage.runs.dueRunIds(at: due + lease + 1, limit: 10) == ["parked"])
        }
    }
}

/// One customer's events are claimed one at a time, in order, so no two nodes handle them out of order.
@Suite("PostgreSQL dispatch order")
struct PostgresDispatchOrderTests {
    @Test(arguments: StoreKind.all.filter { $0 == .postgres })
    func aCustomersNextEventWaitsForTheOneBefore(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.accepted("a1"), Fixture.accepted("b1"), Fixture.accepted("a2")].map {
                guard case .accepted(var event) = $0 else { return $0 }
                event.authId = event.messageId.hasPrefix("a") ? "ann" : "bob"
                return .accepted(event)
            })
            let first = try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 1_000)
            #expect(first.events.map(\.messageId) == ["a1", "b1"])
            // Another node finds nothing of ann's while her first event is held.
            #expect(try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 1_001).events.isEmpty)
            try await storage.eventLog.complete(first)
            #expect(try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 1_002).events.map(\.messageId) == ["a2"])
        }
    }
}

/// A clock that stays where it is put.
final class FixedClock: WallClock {
    private let instant: Date
    init(at milliseconds: Int64) { instant = Date(millisecondsSince1970: milliseconds) }
    func now() -> Date { instant }
}
