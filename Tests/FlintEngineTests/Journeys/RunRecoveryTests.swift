import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Runs that cannot move, and crashes", .timeLimit(.minutes(1)))
struct RunRecoveryTests {
    static let waitThenHook: JSONValue = [
        "name": "Wait then hook", "trigger": "signup",
        "steps": [
            ["id": "pause", "type": "wait", "duration": "PT1M"],
            ["id": "hook", "type": "webhook", "url": "https://ok.example/hook", "body": "{}"],
        ],
    ]

    /// A poison run: every attempt to move it throws. It is put off 2, 4, 8, 16 s, never retried in a
    /// tight loop, and ends `failed` after five attempts with the reason in its trace.
    @Test func aRunThatKeepsFailingBacksOffAndEndsFailed() async throws {
        let fault = FaultSwitch()
        let harness = try await EngineHarness.make { storage in
            storage.customers = FaultyCustomerStore(base: storage.customers, fault: fault)
        }
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(Self.waitThenHook)
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            try await harness.eventually("the run waits") { try await harness.runs(journey).first?.status == .waiting }
            fault.set(true)
            harness.clock.advance(by: 60)
            var delays: [Int64] = []
            for _ in 1...4 {
                let before = harness.clock.now().millisecondsSince1970
                try await harness.engine.timers.fireDueTimers()
                let due = try #require(try await harness.storage.runs.earliestDueAt())
                delays.append((due - before) / 1000)
                // Nothing is due until the delay has passed: no tight loop.
                #expect(try await harness.storage.runs.dueRunIds(at: before, limit: 10).isEmpty)
                harness.clock.advance(by: TimeInterval(due - before) / 1000)
            }
            #expect(delays == [2, 4, 8, 16])
            try await harness.engine.timers.fireDueTimers()
            let run = try #require(try await harness.runs(journey).first)
            #expect(run.status == .failed)
            #expect(run.trace.last?.detail.contains("gave up after 5 attempts to move the run: injected store failure") == true)
            #expect(harness.delivery.attempts.isEmpty)
        }
    }

    /// Flint sends, then dies before the run's next state is stored. After the restart the step is
    /// performed again with the same idempotency key, and the run goes on: never skipped.
    @Test func aCrashBetweenSendAndRecordResendsWithTheSameKey() async throws {
        let fault = FaultSwitch()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-engine-crash-\(UUID().uuidString)")
        let journey: String
        do {
            let first = try await EngineHarness.make(folder: folder) { storage in
                storage.events = FaultyEventStore(base: storage.events, fault: fault)
            }
            try await first.readyTrigger("signup")
            journey = try await first.liveJourney(webhookJourney("Hook", trigger: "signup", host: "ok.example"))
            fault.set(true)
            try await first.run { harness in
                try await harness.ingest("signup", authId: "ann", messageId: "m1")
                try await harness.dispatch()
                for await _ in harness.delivery.delivered { break }
                try await harness.eventually("the record failed, the run still performs the step") {
                    try await harness.storage.runs.performingRunIds(at: 0).count == 1 && harness.engine.jobs.counts.inFlight == 0
                }
            }
            #expect(first.delivery.attempts.count == 1)
        }
        let restarted = try await EngineHarness.make(folder: folder)
        try await restarted.run { harness in
            try await harness.eventually("the interrupted step went out again and the run completed") {
                try await harness.runs(journey).first?.status == .completed
            }
        }
        #expect(restarted.delivery.attempts.count == 1)
        let before = try await EngineHarness.make(folder: folder)
        #expect(try await before.runs(journey).first?.trace.map(\.outcome) == [.entered, .sent, .completed])
        let key = restarted.delivery.attempts.first?.idempotencyKey
        #expect(key?.hasSuffix(":hook") == true)
        #expect(try await before.storage.runs.send(idempotencyKey: key ?? "")?.stepId == "hook")
    }
}
