import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Step executor", .timeLimit(.minutes(1)))
struct StepExecutorTests {
    /// The case: one journey's destination hangs; another journey on the same trigger is not delayed.
    @Test func aHangingDestinationDelaysOnlyItsOwnSteps() async throws {
        let delivery = FakeDelivery(["hang.example": .hang])
        let harness = try await EngineHarness.make(delivery: delivery)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            _ = try await harness.liveJourney(webhookJourney("Slow", trigger: "signup", host: "hang.example"))
            let healthy = try await harness.liveJourney(webhookJourney("Healthy", trigger: "signup", host: "ok.example"))
            for index in 0..<20 { try await harness.ingest("signup", authId: "c\(index)", messageId: "m\(index)") }
            // Deciding never waits on doing: every event is dispatched while the slow sends hang.
            try await harness.dispatch()
            var deliveredHealthy = 0
            for await attempt in delivery.delivered where attempt.destination == "ok.example" {
                deliveredHealthy += 1
                if deliveredHealthy == 20 { break }
            }
            try await harness.eventually("the healthy journey's runs completed") {
                try await harness.runs(healthy).filter { $0.status == .completed }.count == 20
            }
            // The hanging destination holds at most its own share of the executor.
            try await harness.eventually("only the hanging sends are in flight") { harness.engine.jobs.counts.inFlight == 4 }
            #expect(delivery.attempts.filter { $0.destination == "hang.example" }.count == 4)
            delivery.release()
            try await harness.eventually("the slow journey's sends went out after all") {
                delivery.attempts.filter { $0.destination == "hang.example" }.count == 20
            }
        }
    }

    /// A transient failure is a durable timer: the step holds no slot while it waits, and it goes out
    /// when the timer fires, with the same idempotency key.
    @Test func aTransientFailureIsRetriedByATimerWithTheSameKey() async throws {
        let delivery = FakeDelivery(["flaky.example": .failTransiently(times: 2)])
        let harness = try await EngineHarness.make(delivery: delivery)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Flaky", trigger: "signup", host: "flaky.example"))
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            try await harness.eventually("the first attempt failed and the run waits to retry") {
                try await harness.runs(journey).first?.waiting.map { if case .retry = $0 { true } else { false } } ?? false
            }
            try await harness.eventually("the waiting retry holds no executor slot") { harness.engine.jobs.counts == (queued: 0, inFlight: 0) }
            let waiting = try #require(try await harness.runs(journey).first)
            #expect(waiting.attempts == 1)
            #expect(waiting.trace.last?.outcome == .retrying)
            #expect(waiting.waiting?.dueAt == harness.clock.now().millisecondsSince1970 + 10_000)
            // Not due yet: nothing happens.
            try await harness.engine.timers.fireDueTimers()
            #expect(delivery.attempts.count == 1)
            harness.clock.advance(by: 10)
            try await harness.engine.timers.fireDueTimers()
            try await harness.eventually("the second attempt failed") { try await harness.runs(journey).first?.attempts == 2 }
            #expect(try await harness.runs(journey).first?.waiting?.dueAt == harness.clock.now().millisecondsSince1970 + 20_000)
            harness.clock.advance(by: 20)
            try await harness.engine.timers.fireDueTimers()
            try await harness.eventually("the third attempt went out") { try await harness.runs(journey).first?.status == .completed }
            let keys = Set(delivery.attempts.map(\.idempotencyKey))
            #expect(delivery.attempts.count == 3 && keys.count == 1)
            #expect(try await harness.runs(journey).first?.trace.map(\.outcome) == [.entered, .retrying, .resumed, .retrying, .resumed, .sent, .completed])
        }
    }

    @Test func attemptsRunOutAndTheStepFails() async throws {
        let delivery = FakeDelivery(["down.example": .failTransiently(times: 100)])
        let harness = try await EngineHarness.make(delivery: delivery)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Down", trigger: "signup", host: "down.example"))
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            for expected in 1...2 {
                try await harness.eventually("attempt \(expected) failed") { try await harness.runs(journey).first?.attempts == expected }
                harness.clock.advance(by: 3600)
                try await harness.engine.timers.fireDueTimers()
            }
            try await harness.eventually("the run completed past the failed step") { try await harness.runs(journey).first?.status == .completed }
            let run = try #require(try await harness.runs(journey).first)
            #expect(delivery.attempts.count == 3)
            #expect(run.trace.contains { $0.outcome == .failed && $0.detail.contains("gave up after 3 attempts") })
        }
    }

    /// The next step is submitted while the executor still holds the previous one of the same run.
    @Test func aRunsStepsFollowOneAnother() async throws {
        let delivery = FakeDelivery(["first.example": .failPermanently])
        let harness = try await EngineHarness.make(delivery: delivery)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Two steps", "trigger": "signup",
                "steps": [
                    ["id": "first", "type": "webhook", "url": "https://first.example/hook", "body": "{}"],
                    ["id": "second", "type": "webhook", "url": "https://second.example/hook", "body": "{}"],
                    ["id": "third", "type": "webhook", "url": "https://second.example/again", "body": "{}"],
                ],
            ])
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            try await harness.eventually("every step was performed") { try await harness.runs(journey).first?.status == .completed }
            #expect(delivery.attempts.map(\.destination) == ["first.example", "second.example", "second.example"])
            #expect(try await harness.runs(journey).first?.trace.map(\.outcome) == [.entered, .failed, .sent, .sent, .completed])
        }
    }

    @Test func aPermanentFailureIsNotRetried() async throws {
        let delivery = FakeDelivery(["gone.example": .failPermanently])
        let harness = try await EngineHarness.make(delivery: delivery)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Gone", trigger: "signup", host: "gone.example"))
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            try await harness.eventually("the run went past the failed step") { try await harness.runs(journey).first?.status == .completed }
            #expect(delivery.attempts.count == 1)
            #expect(try await harness.runs(journey).first?.trace.map(\.outcome) == [.entered, .failed, .completed])
        }
    }
}
