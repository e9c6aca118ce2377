import FlintCore
import Foundation
import GRDB
import Testing

@testable import FlintSQLite

@Suite("RunStore contract")
struct RunStoreContractTests {
    typealias J = JourneyFixture

    @Test(arguments: StoreKind.all, ["new", "performing", "timer", "trigger"])
    func aRunReadsBackAsInserted(store: StoreKind, state: String) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let run =
                switch state {
                case "new": J.newRun()
                case "performing": J.performing()
                case "timer": J.waitingForTimer()
                default: J.waitingForPurchase()
                }
            let stored = J.stored(run)
            #expect(try await storage.insertRuns([stored]) == ["run-1"])
            #expect(try await storage.runs.run(id: "run-1") == stored)
            #expect(try await storage.runs.run(id: "nope") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func insertingTheSameRunTwiceStoresItOnce(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let first = J.stored(J.waitingForTimer())
            var second = J.stored(J.performing(startedAt: 9_000))
            second.entry.messageId = "another"
            #expect(try await storage.insertRuns([first, J.stored(J.performing("run-2"))]) == ["run-1", "run-2"])
            #expect(try await storage.insertRuns([second, J.stored(J.performing("run-3"))]) == ["run-3"])
            #expect(try await storage.insertRuns([J.stored(J.performing("run-4")), J.stored(J.performing("run-4"))]) == ["run-4"])

            #expect(try await storage.runs.run(id: "run-1") == first)
            #expect(try await storage.runs.runs(journeyId: "j-1", authId: nil, limit: 10).count == 4)
        }
    }

    @Test(arguments: StoreKind.all) func aRunOfAnUnknownJourneyIsRefused(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            // The run of the unknown journey is refused alone; its neighbour is stored.
            #expect(try await storage.insertRuns([J.stored(J.performing("run-1")), J.stored(J.performing("run-2", journeyId: "ghost"))]) == ["run-1"])
            #expect(try await storage.runs.run(id: "run-2") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func saveWritesStateTraceAndSendTogether(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var run = J.performing()
            _ = try await storage.insertRuns([J.stored(run)])
            let traced = run.trace.count
            J.drive(&run, .stepFinished(stepId: "hello", .sent(detail: "250 OK")), at: 2_000)
            let send = J.send(for: run, sentAt: 2_000)

            #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: traced, send: send))
            let stored = try #require(try await storage.runs.run(id: "run-1"))
            #expect(stored.run == run)
            #expect(stored.revision == 1)
            #expect(stored.run.waiting == .timer(stepId: "pause", dueAt: 602_000))
            #expect(try await storage.runs.send(idempotencyKey: "run-1:hello") == send)
            #expect(try await storage.runs.send(idempotencyKey: "run-1:nope") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aStaleRevisionIsRefusedAndWritesNothing(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let start = J.performing()
            _ = try await storage.insertRuns([J.stored(start)])
            var first = start
            J.drive(&first, .stepFinished(stepId: "hello", .sent(detail: "250 OK")), at: 2_000)
            #expect(try await storage.saveRun(first, expectedRevision: 0, newTraceFrom: start.trace.count, send: J.send(for: first)))

            var second = start
            J.drive(&second, .exit(reason: "the exit trigger arrived"), at: 3_000)
            var stale = J.send(for: second, step: "other")
            stale.idempotencyKey = "run-1:other"
            #expect(try await !storage.saveRun(second, expectedRevision: 0, newTraceFrom: start.trace.count, send: stale))

            let stored = try #require(try await storage.runs.run(id: "run-1"))
            #expect(stored.run == first)
            #expect(stored.revision == 1)
            #expect(try await storage.runs.send(idempotencyKey: "run-1:other") == nil)
            #expect(try await !storage.saveRun(second, expectedRevision: 0, newTraceFrom: 0, send: nil))
            #expect(try await !storage.saveRun(J.performing("ghost"), expectedRevision: 0, newTraceFrom: 0, send: nil))
        }
    }

    @Test(arguments: StoreKind.all) func aFailedSaveRollsBackTheRunAndTheSend(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var run = J.performing()
            _ = try await storage.insertRuns([J.stored(run)])
            J.drive(&run, .stepFinished(stepId: "hello", .sent(detail: "250 OK")), at: 2_000)
            // Trace entry 0 is already stored, so appending from 0 fails after the run row was updated.
            await #expect(throws: (any Error).self) {
                try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: 0, send: J.send(for: run))
            }
            let stored = try #require(try await storage.runs.run(id: "run-1"))
            #expect(stored.run == J.performing())
            #expect(stored.revision == 0)
            #expect(try await storage.runs.send(idempotencyKey: "run-1:hello") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func aSecondSendWithTheSameKeyKeepsTheFirst(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let run = J.performing()
            _ = try await storage.insertRuns([J.stored(run)])
            let first = J.send(for: run, sentAt: 1_000)
            var again = first
            again.detail = "sent again"
            #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: run.trace.count, send: first))
            #expect(try await storage.saveRun(run, expectedRevision: 1, newTraceFrom: run.trace.count, send: again))
            #expect(try await storage.runs.send(idempotencyKey: first.idempotencyKey) == first)
            #expect(try await storage.runs.run(id: "run-1")?.revision == 2)
        }
    }

    @Test(arguments: StoreKind.all) func dueTimersComeEarliestFirstAndLimited(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            // Timers due at start + 600_000; the purchase wait times out a day later.
            _ = try await storage.insertRuns([
                J.stored(J.waitingForTimer("late", startedAt: 30_000)),
                J.stored(J.waitingForTimer("early", startedAt: 10_000)),
                J.stored(J.waitingForTimer("middle", startedAt: 20_000)),
                J.stored(J.waitingForPurchase("purchase", startedAt: 0)),
                J.stored(J.performing("busy", startedAt: 0)),
            ])
            #expect(try await storage.runs.earliestDueAt() == 610_000)
            #expect(try await storage.runs.dueRunIds(at: 609_999, limit: 10) == [])
            #expect(try await storage.runs.dueRunIds(at: 620_000, limit: 10) == ["early", "middle"])
            #expect(try await storage.runs.dueRunIds(at: 700_000, limit: 2) == ["early", "middle"])
            #expect(try await storage.runs.dueRunIds(at: 100_000_000, limit: 10) == ["early", "middle", "late", "purchase"])
        }
    }

    @Test(arguments: StoreKind.all) func aResumedRunLeavesTheTimerQueue(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var run = J.waitingForTimer()
            _ = try await storage.insertRuns([J.stored(run)])
            let traced = run.trace.count
            J.drive(&run, .timerDue, at: 601_000)
            #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: traced, send: nil))
            #expect(try await storage.runs.dueRunIds(at: 601_000, limit: 10) == [])
            #expect(try await storage.runs.earliestDueAt() == 601_000 + 86_400_000)
        }
    }

    @Test(arguments: StoreKind.all) func runsWaitingForATriggerAreFoundByCustomer(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2"])
            var waiting = J.waitingForPurchase("a", authId: "contact-1")
            _ = try await storage.insertRuns([
                J.stored(waiting),
                J.stored(J.waitingForPurchase("b", journeyId: "j-2", authId: "contact-1")),
                J.stored(J.waitingForPurchase("c", authId: "contact-2")),
                J.stored(J.waitingForTimer("d", authId: "contact-1")),
            ])
            #expect(Set(try await storage.runs.runIds(waitingFor: "purchase_completed", authId: "contact-1")) == ["a", "b"])
            #expect(try await storage.runs.runIds(waitingFor: "wifi_signup", authId: "contact-1") == [])
            #expect(try await storage.runs.runIds(waitingFor: "purchase_completed", authId: "contact-3") == [])

            let traced = waiting.trace.count
            J.drive(&waiting, .triggerArrived(trigger: "purchase_completed", bindingId: nil), at: 700_000)
            #expect(waiting.status == .completed)
            #expect(try await storage.saveRun(waiting, expectedRevision: 0, newTraceFrom: traced, send: nil))
            #expect(try await storage.runs.runIds(waitingFor: "purchase_completed", authId: "contact-1") == ["b"])
        }
    }

    @Test(arguments: StoreKind.all) func unfinishedPerformingAndLatestStart(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2", "j-3"])
            var done = J.performing("done", startedAt: 5_000)
            _ = try await storage.insertRuns([
                J.stored(done),
                J.stored(J.performing("busy", journeyId: "j-2", startedAt: 3_000)),
                J.stored(J.waitingForTimer("parked", journeyId: "j-3", startedAt: 4_000)),
                J.stored(J.performing("other", authId: "contact-2", startedAt: 9_000)),
            ])
            let traced = done.trace.count
            J.drive(&done, .exit(reason: "the exit trigger arrived"), at: 6_000)
            #expect(try await storage.saveRun(done, expectedRevision: 0, newTraceFrom: traced, send: nil))

            #expect(Set(try await storage.runs.unfinishedRunIds(journeyIds: ["j-1", "j-2", "j-3"], authId: "contact-1")) == ["busy", "parked"])
            #expect(try await storage.runs.unfinishedRunIds(journeyIds: ["j-1"], authId: "contact-1") == [])
            #expect(try await storage.runs.unfinishedRunIds(journeyIds: [], authId: "contact-1") == [])
            // Well after any node's claim on them lapsed.
            let later = Date().millisecondsSince1970 + 24 * 3_600_000
            #expect(Set(try await storage.runs.performingRunIds(at: later)) == ["busy", "other"])
            #expect(try await storage.runs.latestStart(journeyId: "j-1", authId: "contact-1") == 5_000)
            #expect(try await storage.runs.latestStart(journeyId: "j-1", authId: "contact-3") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func runsOfAJourneyComeNewestFirst(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2"])
            _ = try await storage.insertRuns([
                J.stored(J.performing("r1", authId: "contact-1", startedAt: 1_000)),
                J.stored(J.waitingForTimer("r3", authId: "contact-1", startedAt: 3_000)),
                J.stored(J.performing("r2", authId: "contact-2", startedAt: 2_000)),
                J.stored(J.performing("elsewhere", journeyId: "j-2", startedAt: 4_000)),
            ])
            let all = try await storage.runs.runs(journeyId: "j-1", authId: nil, limit: 10)
            #expect(all.map(\.id) == ["r3", "r2", "r1"])
            #expect(all.first == J.waitingForTimer("r3", authId: "contact-1", startedAt: 3_000))
            #expect(try await storage.runs.runs(journeyId: "j-1", authId: nil, limit: 2).map(\.id) == ["r3", "r2"])
            #expect(try await storage.runs.runs(journeyId: "j-1", authId: "contact-1", limit: 10).map(\.id) == ["r3", "r1"])
        }
    }

    @Test(arguments: StoreKind.all) func statsCountRunsAndSteps(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2"])
            var completed = J.waitingForPurchase("completed")
            var exited = J.waitingForTimer("exited")
            var failing = J.performing("failing")
            _ = try await storage.insertRuns([
                J.stored(completed), J.stored(exited), J.stored(failing), J.stored(J.performing("busy")),
                J.stored(J.waitingForPurchase("elsewhere", journeyId: "j-2")),
            ])
            var traced = completed.trace.count
            J.drive(&completed, .timerDue, at: 100_000_000)
            J.drive(&completed, .stepFinished(stepId: "nudge", .skipped(reason: "no SMS consent")), at: 100_000_000)
            #expect(try await storage.saveRun(completed, expectedRevision: 0, newTraceFrom: traced, send: nil))
            traced = exited.trace.count
            J.drive(&exited, .exit(reason: "the exit trigger arrived"), at: 5_000)
            #expect(try await storage.saveRun(exited, expectedRevision: 0, newTraceFrom: traced, send: nil))
            traced = failing.trace.count
            J.drive(&failing, .stepFinished(stepId: "hello", .failed(error: "550")), at: 5_000)
            #expect(try await storage.saveRun(failing, expectedRevision: 0, newTraceFrom: traced, send: nil))

            let stats = try await storage.runs.stats(journeyId: "j-1")
            #expect(stats.entered == 4 && stats.completed == 1 && stats.exited == 1 && stats.failed == 0)
            #expect(stats.steps["where"] == JourneyStats.StepCounts(reached: 4))
            #expect(stats.steps["hello"] == JourneyStats.StepCounts(reached: 3, sent: 2, failed: 1))
            #expect(stats.steps["pause"] == JourneyStats.StepCounts(reached: 3))
            #expect(stats.steps["buy"] == JourneyStats.StepCounts(reached: 1))
            #expect(stats.steps["nudge"] == JourneyStats.StepCounts(reached: 1, skipped: 1))
            #expect(stats.steps["notify"] == nil)
            #expect(try await storage.runs.stats(journeyId: "ghost") == JourneyStats())
        }
    }

    @Test(arguments: StoreKind.all) func aFailedRunCountsAsFailedUnderTheExitRule(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var definition = J.definition
            definition.onFailure = .exit
            var run = J.performing()
            _ = try await storage.insertRuns([J.stored(run)])
            let traced = run.trace.count
            _ = run.handle(.stepFinished(stepId: "hello", .failed(error: "550")), program: JourneyProgram(definition), now: 2_000) { _ in
                ConditionOutcome(holds: true)
            }
            #expect(run.status == .failed)
            #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: traced, send: nil))
            #expect(try await storage.runs.stats(journeyId: "j-1").failed == 1)
            #expect(try await storage.runs.run(id: "run-1")?.run.status == .failed)
        }
    }

    @Test(arguments: StoreKind.all) func sendCountCountsByCustomerChannelPurposeAndTime(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let runs = (1...4).map { J.performing("run-\($0)") }
            _ = try await storage.insertRuns(runs.map { J.stored($0) })
            var sms = J.send(for: runs[2], step: "nudge", sentAt: 3_000)
            sms.channel = .sms
            var transactional = J.send(for: runs[3], sentAt: 3_000)
            transactional.purpose = .transactional
            for (run, send) in zip(runs, [J.send(for: runs[0], sentAt: 1_000), J.send(for: runs[1], sentAt: 2_000), sms, transactional]) {
                #expect(try await storage.saveRun(run, expectedRevision: 0, newTraceFrom: run.trace.count, send: send))
            }
            #expect(try await storage.runs.sendCount(authId: "contact-1", channel: .email, purpose: .commercial, since: 0) == 2)
            #expect(try await storage.runs.sendCount(authId: "contact-1", channel: .email, purpose: .commercial, since: 2_000) == 1)
            #expect(try await storage.runs.sendCount(authId: "contact-1", channel: .sms, purpose: .commercial, since: 0) == 1)
            #expect(try await storage.runs.sendCount(authId: "contact-1", channel: .email, purpose: .transactional, since: 0) == 1)
            #expect(try await storage.runs.sendCount(authId: "contact-2", channel: .email, purpose: .commercial, since: 0) == 0)
        }
    }

    /// The queries that run against a million parked runs must use their indexes, never scan.
    @Test(arguments: [
        (SQLiteRunStore.Queries.dueRunIds, "USING INDEX runs_due"),
        (SQLiteRunStore.Queries.earliestDueAt, "USING INDEX runs_due"),
        (SQLiteRunStore.Queries.waitingForTrigger, "USING INDEX runs_waiting_for_trigger"),
        (SQLiteRunStore.Queries.unfinished(journeys: 1), "USING INDEX runs_unfinished"),
        (SQLiteRunStore.Queries.unfinished(journeys: 3), "USING INDEX runs_unfinished"),
        (SQLiteRunStore.Queries.performing, "USING INDEX runs_performing"),
        (SQLiteRunStore.Queries.latestStart, "USING COVERING INDEX runs_by_customer"),
        (SQLiteRunStore.Queries.customerRuns, "USING INDEX runs_by_customer"),
        (SQLiteRunStore.Queries.journeyRuns, "USING INDEX runs_by_journey"),
        (SQLiteRunStore.Queries.counters, "USING PRIMARY KEY"),
        (SQLiteRunStore.Queries.sendCount, "USING COVERING INDEX sends_for_frequency_cap"),
    ])
    func queriesUseTheirIndexes(sql: String, expected: String) async throws {
        try await withDatabase { database, _ in
            let plan = try await database.pool.read { db in
                // The plan does not depend on the values; GRDB only insists that every parameter gets one.
                let nulls = StatementArguments(Array(repeating: DatabaseValue.null, count: sql.filter { $0 == "?" }.count))
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: nulls).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains(expected) }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(plan)")
        }
    }
}

@Suite("Runs in the group commit")
struct RunsInTheGroupCommitTests {
    typealias J = JourneyFixture

    /// The dispatcher's run starts share ingestion's transactions: they commit with the events beside
    /// them, or not at all.
    @Test(arguments: StoreKind.all) func runStartsAndEventsShareOneTransaction(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            let outcomes = try await storage.events.commit([
                Fixture.accepted("m1", receivedAt: 1_000), .runStart(J.stored(J.performing("run-1"))),
                .runStart(J.stored(J.performing("run-1"))),
            ])
            #expect(outcomes == [.accepted, .started, .duplicate])

            // A run of a journey deleted meanwhile is refused alone; the event beside it commits.
            let refused = try await storage.events.commit([
                Fixture.accepted("m2", receivedAt: 2_000), .runStart(J.stored(J.performing("run-2", journeyId: "ghost"))),
            ])
            #expect(refused == [.accepted, .unknownJourney])
            #expect(try await storage.runs.run(id: "run-2") == nil)
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 2)
        }
    }

    /// A saved run's events are appended with it (the dispatcher is woken for them); a stale save writes neither.
    @Test(arguments: StoreKind.all) func aSaveAppendsItsEventsOnlyWhenItWins(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage)
            var run = J.performing()
            _ = try await storage.insertRuns([J.stored(run)])
            let traced = run.trace.count
            J.drive(&run, .stepFinished(stepId: "hello", .sent(detail: "250 OK")), at: 2_000)
            let event = AcceptedEvent(messageId: "sent-1", trigger: "wifi_signup", authId: "contact-1", timestamp: 2_000, receivedAt: 2_000, attributes: [:])
            let save = RunSave(run: run, expectedRevision: 0, previousStatus: .active, newTraceFrom: traced, send: nil, events: [event])
            #expect(try await storage.events.commit([.runSave(save)]) == [.saved(appendedEvents: true)])
            // The same save again is stale: its run moved on, and its event (a new one) is not appended.
            var stale = save
            stale.events = [AcceptedEvent(messageId: "sent-2", trigger: "wifi_signup", authId: "contact-1", timestamp: 2_000, receivedAt: 2_000, attributes: [:])]
            #expect(try await storage.events.commit([.runSave(stale)]) == [.stale])
            let trigger = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(trigger.eventCount == 1)
        }
    }
}

@Suite("Run totals for lists")
struct RunTotalsTests {
    typealias J = JourneyFixture

    /// The journeys list reads its counts in one query; they agree with each journey's own stats.
    @Test(arguments: StoreKind.all) func totalsOfSeveralJourneysMatchTheirStats(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2", "j-3"])
            var finished = J.performing("run-3", journeyId: "j-1")
            J.drive(&finished, .exit(reason: "test"), at: 2_000)
            _ = try await storage.insertRuns([
                J.stored(J.performing("run-1", journeyId: "j-1")), J.stored(J.waitingForTimer("run-2", journeyId: "j-2")), J.stored(finished),
            ])
            let totals = try await storage.runs.totals(journeyIds: ["j-1", "j-2", "j-3"])
            #expect(totals["j-1"]?.entered == 2 && totals["j-1"]?.exited == 1 && totals["j-2"]?.entered == 1 && totals["j-3"] == nil)
            for id in ["j-1", "j-2"] {
                let stats = try await storage.runs.stats(journeyId: id)
                #expect(totals[id]?.entered == stats.entered && totals[id]?.exited == stats.exited && totals[id]?.completed == stats.completed)
            }
            #expect(try await storage.runs.totals(journeyIds: []).isEmpty)
        }
    }
}
