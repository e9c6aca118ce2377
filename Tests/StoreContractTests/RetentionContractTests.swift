import FlintCore
import Foundation
import Testing

@Suite("RetentionStore contract")
struct RetentionContractTests {
    typealias J = JourneyFixture
    /// Later than anything the tests store (the stores stamp runs with the real time).
    static let future = Date().millisecondsSince1970 + 86_400_000

    /// Old events go once they are dispatched; those still waiting for the dispatcher stay, and a pruned
    /// event's messageId is accepted again (the dedupe window is the retention).
    @Test(arguments: StoreKind.all) func eventsArePrunedOnlyOnceDispatched(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit((1...5).map { Fixture.accepted("m\($0)", receivedAt: Int64($0) * 1_000) })
            let claim = try await storage.eventLog.claimEvents(of: nil, limit: 3, now: 10_000)
            #expect(claim.events.map(\.messageId) == ["m1", "m2", "m3"])
            try await storage.eventLog.complete(claim)
            try await storage.eventLog.flush()

            #expect(try await storage.retention.pruneEvents(receivedBefore: 1_500, limit: 100) == 1)
            #expect(try await storage.retention.pruneEvents(receivedBefore: 1_500, limit: 100) == 0)
            // m4 and m5 are old enough but not dispatched yet.
            #expect(try await storage.retention.pruneEvents(receivedBefore: 9_000, limit: 1) == 1)
            #expect(try await storage.retention.pruneEvents(receivedBefore: 9_000, limit: 100) == 1)
            #expect(try await storage.retention.pruneEvents(receivedBefore: 9_000, limit: 100) == 0)

            let rest = try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 10_000)
            #expect(rest.events.map(\.messageId) == ["m4", "m5"])
            #expect(try await storage.events.commit([Fixture.accepted("m1"), Fixture.accepted("m4")]) == [.accepted, .duplicate])
            // Counters are totals, not a count of what is kept.
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.eventCount == 6)
        }
    }

    /// However old, the newest event stays (SQLite numbers rows one past the highest left): events that
    /// arrive after an idle spell pruned everything are still dispatched.
    @Test(arguments: StoreKind.all) func eventsAfterEverythingWasPrunedAreStillDispatched(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit((1...3).map { Fixture.accepted("m\($0)", receivedAt: 1_000) })
            let claim = try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 10_000)
            try await storage.eventLog.complete(claim)
            try await storage.eventLog.flush()
            _ = try await storage.retention.pruneEvents(receivedBefore: 1_000_000, limit: 100)
            _ = try await storage.events.commit([Fixture.accepted("later", receivedAt: 2_000_000)])
            let next = try await storage.eventLog.claimEvents(of: nil, limit: 10, now: 2_000_000)
            #expect(next.events.map(\.messageId) == ["later"])
        }
    }

    /// Finished runs lose their traces; the runs stay (re-entry rules read them), unfinished runs keep
    /// theirs, and journey stats do not move.
    @Test(arguments: StoreKind.all) func tracesOfFinishedRunsArePrunedAndStatsStay(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var exited = J.performing("run-1")
            J.drive(&exited, .exit(reason: "the exit trigger arrived"), at: 2_000)
            var other = J.performing("run-3", authId: "contact-3")
            J.drive(&other, .exit(reason: "the exit trigger arrived"), at: 2_000)
            _ = try await storage.insertRuns([J.stored(exited), J.stored(J.waitingForTimer("run-2", authId: "contact-2")), J.stored(other)])
            let before = try await storage.runs.stats(journeyId: "j-1")
            #expect(before.entered == 3 && before.exited == 2 && before.steps["where"]?.reached == 3)

            #expect(try await storage.retention.pruneTraces(finishedBefore: 0, limit: 10) == 0)
            #expect(try await storage.retention.pruneTraces(finishedBefore: Self.future, limit: 1) == 1)
            #expect(try await storage.retention.pruneTraces(finishedBefore: Self.future, limit: 10) == 1)
            // Where it stopped is kept: nothing is looked at twice.
            #expect(try await storage.retention.pruneTraces(finishedBefore: Self.future, limit: 10) == 0)

            #expect(try await storage.runs.run(id: "run-1")?.run.trace.isEmpty == true)
            #expect(try await storage.runs.run(id: "run-1")?.run.status == .exited)
            #expect(try await storage.runs.run(id: "run-3")?.run.trace.isEmpty == true)
            #expect(try await storage.runs.run(id: "run-2")?.run.trace.isEmpty == false)
            #expect(try await storage.runs.stats(journeyId: "j-1") == before)
            #expect(try await storage.runs.latestStart(journeyId: "j-1", authId: "contact-1") == 1_000)
        }
    }

    @Test(arguments: StoreKind.all) func sendsArePrunedByAge(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let runs = (1...3).map { J.performing("run-\($0)") }
            _ = try await storage.insertRuns(runs.map { J.stored($0) })
            for (index, run) in runs.enumerated() {
                let send = J.send(for: run, sentAt: Int64(index + 1) * 1_000)
                #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: run.trace.count, send: send))
            }
            #expect(try await storage.retention.pruneSends(sentBefore: 2_500, limit: 1) == 1)
            #expect(try await storage.retention.pruneSends(sentBefore: 2_500, limit: 10) == 1)
            #expect(try await storage.retention.pruneSends(sentBefore: 2_500, limit: 10) == 0)
            #expect(try await storage.runs.sendCount(authId: "contact-1", channel: .email, purpose: .commercial, since: 0) == 1)
            #expect(try await storage.runs.send(idempotencyKey: J.send(for: runs[2]).idempotencyKey) != nil)
            #expect(try await storage.runs.send(idempotencyKey: J.send(for: runs[0]).idempotencyKey) == nil)
        }
    }
}
