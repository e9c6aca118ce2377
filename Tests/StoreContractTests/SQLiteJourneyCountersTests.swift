@testable import FlintSQLite
import FlintCore
import GRDB
import Testing

/// The counters kept on write equal what v9 computes from the stored runs, traces and tracking
/// counts: so an upgraded install keeps its stats, and the two ways of counting agree.
@Suite("SQLite journey counters")
struct SQLiteJourneyCountersTests {
    typealias J = JourneyFixture

    @Test func countersKeptOnWriteEqualThoseComputedFromTheRows() async throws {
        try await withDatabase { database, storage in
            try await J.prepare(storage, journeys: ["j-1", "j-2"])
            var completed = J.waitingForPurchase("completed")
            var exited = J.waitingForTimer("exited", authId: "contact-2")
            var failing = J.performing("failing", authId: "contact-3")
            _ = try await storage.insertRuns([
                J.stored(completed), J.stored(exited), J.stored(failing), J.stored(J.performing("busy", journeyId: "j-2")),
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
            let tracking: [IngestionRecord] = [
                .tracking(TrackingCommit(messageId: "completed:hello", journeyId: "j-1", stepId: "hello", link: nil, at: 1, count: 3, event: nil)),
                .tracking(TrackingCommit(messageId: "completed:hello", journeyId: "j-1", stepId: "hello", link: nil, at: 2, event: nil)),
                .tracking(TrackingCommit(messageId: "completed:hello", journeyId: "j-1", stepId: "hello", link: 0, at: 3, event: nil)),
                .tracking(TrackingCommit(messageId: "completed:hello", journeyId: "j-1", stepId: "hello", link: 1, at: 3, event: nil)),
                .tracking(TrackingCommit(messageId: "exited:hello", journeyId: "j-1", stepId: "hello", link: 1, at: 4, count: 2, event: nil)),
                .tracking(TrackingCommit(messageId: "gone:hello", journeyId: "deleted", stepId: "hello", link: nil, at: 4, event: nil)),
            ]
            _ = try await storage.events.commit(tracking)

            let kept = try await [storage.runs.stats(journeyId: "j-1"), storage.runs.stats(journeyId: "j-2")]
            #expect(kept[0].steps["hello"]?.opens == 4 && kept[0].steps["hello"]?.uniqueOpens == 1)
            #expect(kept[0].steps["hello"]?.clicks == 4 && kept[0].steps["hello"]?.uniqueClicks == 2)
            #expect(kept[0].entered == 3 && kept[0].completed == 1 && kept[0].exited == 1)
            try await database.pool.write { db in
                try db.execute(sql: "DELETE FROM journey_counts")
                try db.execute(sql: SQLiteMigrations.countersFromWhatIsStored)
            }
            let computed = try await [storage.runs.stats(journeyId: "j-1"), storage.runs.stats(journeyId: "j-2")]
            #expect(computed == kept)
        }
    }
}
