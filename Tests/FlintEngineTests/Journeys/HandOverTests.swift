import FlintCore
@testable import FlintEngine
import Foundation
import Testing

/// The executor performs a step the runner has just saved from the state the runner handed over,
/// without reading the run, its customer and its send back; it reads them when the state may be old.
@Suite("Steps handed over to the executor", .timeLimit(.minutes(1)))
struct HandOverTests {
    private static func harness(sharesStore: Bool = false, delivery: FakeDelivery = FakeDelivery(), jobs: StepJobs? = nil)
        async throws -> (EngineHarness, CountingRunStore.Counts)
    {
        let counts = CountingRunStore.Counts()
        let harness = try await EngineHarness.make(
            delivery: delivery, jobs: jobs ?? StepJobs(maximumInFlight: 16, maximumPerDestination: 4), sharesStore: sharesStore
        ) { storage in
            storage.runs = CountingRunStore(base: storage.runs, counts: counts)
        }
        return (harness, counts)
    }

    /// One node: the runs move through their webhook step to the end with no read of a run or a send.
    @Test func aStepSavedAMomentAgoIsPerformedWithoutReadingTheRunBack() async throws {
        let counts = try await Self.fiveWebhookRuns(sharesStore: false)
        #expect(counts.runReads.load(ordering: .relaxed) == 0)
        #expect(counts.sendReads.load(ordering: .relaxed) == 0)
    }

    /// Several nodes: another node may have moved the run, so every step reads it (and its send) first.
    @Test func withSeveralNodesEveryStepReadsItsRunFirst() async throws {
        let counts = try await Self.fiveWebhookRuns(sharesStore: true)
        #expect(counts.runReads.load(ordering: .relaxed) >= 5)
        #expect(counts.sendReads.load(ordering: .relaxed) == 5)
    }

    /// Five customers' runs of a one-webhook journey, performed to the end; the reads they made.
    private static func fiveWebhookRuns(sharesStore: Bool) async throws -> CountingRunStore.Counts {
        let (harness, counts) = try await harness(sharesStore: sharesStore)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Notify", trigger: "signup", host: "ok.example"))
            for index in 0..<5 { try await harness.ingest("signup", authId: "c\(index)", messageId: "m\(index)") }
            try await harness.dispatch()
            try await harness.eventually("every run completed") { try await completedRuns(of: journey, harness) == 5 }
            #expect(harness.delivery.attempts.count == 5)
        }
        return counts
    }

    /// A step that waited in the queue longer than handed-over data stays fresh reads the customer again
    /// (but not its run): the webhook carries the name the customer has when it goes out, not the one
    /// it had when the run started.
    @Test func aStepThatWaitedInTheQueueSeesTheCustomerAsTheyAreNow() async throws {
        let greet: JSONValue = [
            "name": "Greet", "trigger": "signup",
            "steps": [["id": "hook", "type": "webhook", "url": "https://ok.example/hook", "body": #"{"name": "{{customer.firstName}}"}"#]],
        ]
        try await Self.withBobQueuedBehindAnn(greet, hanging: "ok.example") { harness, journey, delivery, counts in
            try await Self.contact("bob", firstName: "Robert", harness: harness)
            harness.clock.advance(by: 2)
            delivery.release()
            try await harness.eventually("both runs completed") { try await Self.completedRuns(of: journey, harness) == 2 }
            #expect(delivery.webhookBodies.contains(#"{"name": "Robert"}"#))
            #expect(!delivery.webhookBodies.contains(#"{"name": "Bob"}"#))
            #expect(counts.runReads.load(ordering: .relaxed) == 0)
        }
    }

    /// A message reads its customer's consent as it is when it goes out, however fresh the handed-over data.
    @Test func anEmailHonoursConsentWithdrawnWhileItsStepWasQueued() async throws {
        let welcome: JSONValue = [
            "name": "Welcome", "trigger": "signup",
            "steps": [["id": "hello", "type": "email", "subject": "Hello {{customer.firstName}}", "html": "<p>Hi</p>", "purpose": "transactional"]],
        ]
        try await Self.withBobQueuedBehindAnn(welcome, hanging: "email:ann@example.com") { harness, journey, delivery, _ in
            try await Self.contact("bob", firstName: "Bob", consents: false, harness: harness)
            delivery.release()
            try await harness.eventually("both runs completed") { try await Self.completedRuns(of: journey, harness) == 2 }
            #expect(delivery.emails.map(\.to) == ["ann@example.com"])
            #expect(try await Self.run(of: "bob", in: journey, harness)?.trace.contains { $0.outcome == .skipped } == true)
        }
    }

    /// An exit while a run's step is queued withdraws its handed-over state: the step is never performed.
    @Test func anExitWhileTheStepIsQueuedSendsNothing() async throws {
        let nudge: JSONValue = [
            "name": "Nudge", "trigger": "signup", "exitTrigger": "purchase",
            "steps": [["id": "hook", "type": "webhook", "url": "https://ok.example/hook", "body": "{}"]],
        ]
        try await Self.withBobQueuedBehindAnn(nudge, hanging: "ok.example", triggers: ["purchase"]) { harness, journey, delivery, _ in
            try await harness.ingest("purchase", authId: "bob", messageId: "p1")
            try await harness.dispatch()
            try await harness.eventually("Bob's run exited") { try await Self.run(of: "bob", in: journey, harness)?.status == .exited }
            delivery.release()
            try await harness.eventually("Ann's run completed") { try await Self.run(of: "ann", in: journey, harness)?.status == .completed }
            try await harness.eventually("the executor is idle") { harness.engine.jobs.counts == (queued: 0, inFlight: 0) }
            #expect(delivery.attempts.count == 1)
        }
    }

    /// A journey stopped while a run's step is queued sends nothing more: the run ends as exited.
    @Test func aJourneyStoppedWhileAStepIsQueuedSendsNothingMore() async throws {
        let nudge = webhookJourney("Nudge", trigger: "signup", host: "ok.example")
        try await Self.withBobQueuedBehindAnn(nudge, hanging: "ok.example") { harness, journey, delivery, _ in
            _ = try await harness.journeys.stop(id: journey)
            delivery.release()
            try await harness.eventually("Bob's run exited") { try await Self.run(of: "bob", in: journey, harness)?.status == .exited }
            try await harness.eventually("the executor is idle") { harness.engine.jobs.counts == (queued: 0, inFlight: 0) }
            #expect(delivery.attempts.count == 1)
            #expect(try await Self.run(of: "bob", in: journey, harness)?.trace.last?.detail.contains("stopped") == true)
        }
    }

    /// The queued-step scenario: one step per destination at a time, `destination` hanging until released;
    /// `journey` (started by `signup`; `triggers` are made ready too) live, Ann's step in flight and Bob's
    /// queued behind it. `body` gets the harness, the journey's id, the delivery and the read counts.
    private static func withBobQueuedBehindAnn(
        _ journey: JSONValue, hanging destination: String, triggers: [String] = [],
        _ body: @escaping @Sendable (EngineHarness, String, FakeDelivery, CountingRunStore.Counts) async throws -> Void
    ) async throws {
        let delivery = FakeDelivery([destination: .hang])
        let (harness, counts) = try await harness(delivery: delivery, jobs: StepJobs(maximumInFlight: 16, maximumPerDestination: 1))
        try await harness.run { harness in
            for trigger in ["signup"] + triggers { try await harness.readyTrigger(trigger) }
            let id = try await harness.liveJourney(journey)
            for (customer, name) in [("ann", "Ann"), ("bob", "Bob")] { try await contact(customer, firstName: name, harness: harness) }
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.eventually("Ann's step is in flight") { try await harness.dispatch(); return delivery.attempts.count == 1 }
            try await harness.ingest("signup", authId: "bob", messageId: "m2")
            try await harness.dispatch()
            try await harness.eventually("Bob's step is queued") { harness.engine.jobs.counts.queued == 1 }
            try await body(harness, id, delivery, counts)
        }
    }

    private static func completedRuns(of journey: String, _ harness: EngineHarness) async throws -> Int {
        try await harness.runs(journey).filter { $0.status == .completed }.count
    }

    private static func run(of authId: String, in journey: String, _ harness: EngineHarness) async throws -> JourneyRun? {
        try await harness.runs(journey).first { $0.authId == authId }
    }

    private static func contact(_ id: String, firstName: String, consents: Bool = true, harness: EngineHarness) async throws {
        var customer = Customer(id: id, type: .contact, email: "\(id)@example.com", firstName: firstName)
        customer.consent.email = ChannelConsent(commercial: false, transactional: consents)
        _ = try await harness.customers.put(customer)
    }
}
