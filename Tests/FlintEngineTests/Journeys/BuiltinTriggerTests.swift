import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Built-in triggers on the one event path", .timeLimit(.minutes(1)))
struct BuiltinTriggerTests {
    static func email(_ id: String, purpose: String = "transactional") -> JSONValue {
        ["id": .string(id), "type": "email", "subject": "Hello", "html": "<p>Hi</p>", "purpose": .string(purpose)]
    }

    @Test func aNewContactStartsAJourneyAndItsCompletionStartsAnother() async throws {
        let harness = try await EngineHarness.make()
        try await harness.run { harness in
            let welcome = try await harness.liveJourney(["name": "Welcome", "trigger": "contact_created", "steps": [Self.email("hello")]])
            let followUp = try await harness.liveJourney([
                "name": "After welcome", "trigger": "journey_completed",
                "entryCondition": ["attribute": "trigger.journeyId", "op": "equals", "value": .string(welcome)],
                "steps": [["id": "note", "type": "webhook", "url": "https://crm.example/done", "body": "{}"]],
            ])
            try await harness.contact("ann")
            // Writing the same contact again creates nothing, so it starts nothing.
            try await harness.contact("ann")
            try await harness.dispatch()
            try await harness.eventually("the welcome email went out and its run completed") {
                try await harness.runs(welcome).first?.status == .completed
            }
            try await harness.dispatch()
            try await harness.eventually("journey_completed started the follow-up") { try await harness.runs(followUp).first?.status == .completed }
            #expect(try await harness.runs(welcome).count == 1)
            #expect(harness.delivery.attempts.map(\.destination) == ["email:ann@example.com", "crm.example"])
            let sent = try await harness.storage.events.inspectorEntries(trigger: "email_sent", limit: 10)
            #expect(sent.map(\.authId) == ["ann"])
            #expect(sent.first?.attributes["journeyId"] == .string(welcome))
            #expect(sent.first?.attributes["stepId"] == "hello")
        }
    }

    /// "Send, then wait two days for a click on that email, else resend": only a click on the run's own
    /// email counts. Ann is in the journey twice; a click on the first run's email resumes that run only.
    @Test func aRunWaitsForAClickOnItsOwnEmailAndResendsOnTimeout() async throws {
        let harness = try await EngineHarness.make()
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Click or resend", "trigger": "signup",
                "steps": [
                    Self.email("first"),
                    ["id": "click", "type": "waitForTrigger", "trigger": "email_link_clicked", "timeout": "P2D", "matched": [],
                     "timedOut": [Self.email("again")]],
                ],
            ])
            try await harness.contact("ann")
            try await harness.ingest("signup", authId: "ann", messageId: "s1")
            try await harness.ingest("signup", authId: "ann", messageId: "s2")
            try await harness.dispatch()
            try await harness.eventually("both runs wait for a click") {
                try await harness.runs(journey).filter { $0.status == .waiting }.count == 2
            }
            let runs = try await harness.runs(journey)
            let clicked = runs[0]
            let other = runs[1]
            try await harness.emit(
                BuiltinEvents.message(
                    "email_link_clicked", "\(clicked.id):first", journeyId: journey, stepId: "first", authId: "ann", at: 1,
                    extra: ["url": "https://shop.example"]))
            try await harness.dispatch()
            try await harness.eventually("the clicked run matched") {
                try await harness.runs(journey).first { $0.id == clicked.id }?.status == .completed
            }
            #expect(try await harness.runs(journey).first { $0.id == other.id }?.status == .waiting)
            harness.clock.advance(by: 2 * 86_400)
            try await harness.engine.timers.fireDueTimers()
            try await harness.eventually("the other run timed out and resent") {
                try await harness.runs(journey).first { $0.id == other.id }?.status == .completed
            }
            #expect(Set(harness.delivery.attempts.map(\.idempotencyKey)) == [
                "\(clicked.id):first", "\(other.id):first", "\(other.id):again",
            ])
            #expect(try await harness.runs(journey).first { $0.id == clicked.id }?.trace.map(\.outcome) == [
                .entered, .sent, .waiting, .matched, .completed,
            ])
        }
    }

    /// An activateTrigger step's event is stored with the step's result and starts the target's journeys.
    @Test func anActivatedTriggerStartsItsJourneys() async throws {
        let harness = try await EngineHarness.make()
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            try await harness.readyTrigger("upgrade")
            let source = try await harness.liveJourney([
                "name": "Source", "trigger": "signup",
                "steps": [["id": "fire", "type": "activateTrigger", "trigger": "upgrade", "attributes": ["plan": "{{trigger.plan}}"]]],
            ])
            let target = try await harness.liveJourney(webhookJourney("Target", trigger: "upgrade", host: "target.example"))
            _ = try await harness.ingestor.ingest(["trigger": "signup", "authId": "ann", "messageId": "m1", "attributes": ["plan": "pro"]])
            try await harness.dispatch()
            try await harness.eventually("the source run emitted upgrade") { try await harness.runs(source).first?.status == .completed }
            try await harness.dispatch()
            try await harness.eventually("upgrade started the target journey") { try await harness.runs(target).first?.status == .completed }
            let emitted = try await harness.storage.events.inspectorEntries(trigger: "upgrade", limit: 10)
            #expect(emitted.map(\.attributes) == [["plan": "pro"]])
            #expect(emitted.first?.messageId == "\(try await harness.runs(source).first!.id):fire")
        }
    }
}
