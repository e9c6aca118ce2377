import FlintCore
@testable import FlintEngine
import Foundation
import Testing

/// Two engines on one database and one change feed, as two nodes on one PostgreSQL: what one node
/// changes, the other's in-memory state follows.
@Suite("Change follower")
struct ChangeFollowerTests {
    /// Applies every change published so far on `node`'s follower.
    private func follow(_ changes: inout AsyncStream<StoreChange>.Iterator, count: Int, on node: EngineHarness) async throws -> [StoreChange] {
        var seen: [StoreChange] = []
        for _ in 0..<count {
            guard let change = await changes.next() else { break }
            seen.append(change)
            try await node.follower.apply(change)
        }
        return seen
    }

    @Test func triggersKeysJourneysAndEntitiesMadeOnOneNodeReachTheOther() async throws {
        let feed = InProcessChangeFeed()
        let first = try await EngineHarness.make(changes: feed)
        defer { try? FileManager.default.removeItem(at: first.folder) }
        let second = try await EngineHarness.make(folder: first.folder, changes: feed)
        var changes = feed.subscribe().makeAsyncIterator()

        _ = try await first.triggers.create(TriggerDefinition(name: "plan_chosen", title: "Plan chosen"))
        #expect(second.triggers.definition(named: "plan_chosen") == nil)
        #expect(try await follow(&changes, count: 1, on: second) == [.trigger("plan_chosen")])
        #expect(second.triggers.definition(named: "plan_chosen")?.title == "Plan chosen")

        let issued = try await first.keys.create(try IngestionKeyRequest.parse(["name": "backend", "kind": "secret"]))
        #expect(throws: FlintError.self) { try second.keys.authenticate(token: issued.value, origin: nil) }
        #expect(try await follow(&changes, count: 1, on: second) == [.ingestionKeys])
        #expect(try second.keys.authenticate(token: issued.value, origin: nil).id == issued.key.id)

        _ = try await first.entities.put(EntityDefinition(name: "order", title: "Order"))
        #expect(try await follow(&changes, count: 1, on: second) == [.entities])
        #expect(second.entities.entity(named: "order") != nil)

        try await first.triggers.delete(named: "plan_chosen")
        #expect(try await follow(&changes, count: 1, on: second) == [.trigger("plan_chosen")])
        #expect(second.triggers.definition(named: "plan_chosen") == nil)
    }

    @Test func aJourneyPublishedOnOneNodeStartsRunsOnTheOther() async throws {
        let feed = InProcessChangeFeed()
        let first = try await EngineHarness.make(changes: feed)
        defer { try? FileManager.default.removeItem(at: first.folder) }
        let second = try await EngineHarness.make(folder: first.folder, changes: feed)
        try await first.readyTrigger("signed_up")
        try await second.triggers.load()
        var changes = feed.subscribe().makeAsyncIterator()

        let id = try await first.liveJourney(["name": "Welcome", "trigger": "signed_up", "steps": [["id": "pause", "type": "wait", "duration": "P1D"]]])
        #expect(second.journeys.journeys(startedBy: "signed_up").isEmpty)
        #expect(try await follow(&changes, count: 1, on: second) == [.journeys])
        #expect(second.journeys.journeys(startedBy: "signed_up").map(\.id) == [id])
    }

    /// Before the change notice arrives, a trigger or key another node just made is found in the store.
    @Test func aTriggerAndAKeyMadeOnOneNodeWorkOnTheOtherBeforeTheirNoticeArrives() async throws {
        let first = try await EngineHarness.make()
        defer { try? FileManager.default.removeItem(at: first.folder) }
        let second = try await EngineHarness.make(folder: first.folder)
        _ = try await first.triggers.create(TriggerDefinition(name: "plan_chosen", title: "Plan chosen"))
        let issued = try await first.keys.create(try IngestionKeyRequest.parse(["name": "backend", "kind": "secret"]))

        #expect(try await second.keys.authenticateReadingThrough(token: issued.value, origin: nil).id == issued.key.id)
        try await second.run { node in
            let outcome = try await node.ingestor.ingest(["trigger": "plan_chosen", "authId": "ann"])
            guard case .accepted = outcome else {
                Issue.record("the event was not accepted: \(outcome)")
                return
            }
        }
        // A made-up key is refused without reading the store again and again.
        await #expect(throws: FlintError.self) {
            try await second.keys.authenticateReadingThrough(token: "flk_sec_" + String(repeating: "a", count: 40), origin: nil)
        }
    }

    /// A node whose change notices are late (or lost) still starts the runs of a journey another node
    /// published: with a shared store, the dispatcher checks the store before deciding an event concerns
    /// no journey.
    @Test func aNodeThatMissedAJourneysNoticeStillStartsItsRuns() async throws {
        let first = try await EngineHarness.make()
        defer { try? FileManager.default.removeItem(at: first.folder) }
        let second = try await EngineHarness.make(folder: first.folder, sharesStore: true)
        try await first.readyTrigger("signed_up")
        let id = try await first.liveJourney(["name": "Welcome", "trigger": "signed_up", "steps": [["id": "pause", "type": "wait", "duration": "P1D"]]])
        try await first.run { node in try await node.ingest("signed_up", authId: "ann", messageId: "e1") }
        #expect(second.journeys.journeys(startedBy: "signed_up").isEmpty)
        try await second.run { node in try await node.dispatch() }
        #expect(try await second.runs(id).map(\.authId) == ["ann"])
    }

    @Test func changesTravelAsTextAndBack() {
        let all: [StoreChange] = [.trigger("wifi_signup"), .ingestionKeys, .journeys, .entities, .work, .everything]
        for change in all { #expect(StoreChange(payload: change.payload) == change) }
        for junk in ["", "trigger:", "awaited:x", "nope", "Keys"] { #expect(StoreChange(payload: junk) == nil) }
    }
}
