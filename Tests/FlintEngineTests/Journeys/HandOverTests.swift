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
        let (harness, counts) = try await Self.harness()
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Notify", trigger: "signup", host: "ok.example"))
            for index in 0..<5 { try await harness.ingest("signup", authId: "c\(index)", messageId: "m\(index)") }
            try await harness.dispatch()
            try await harness.eventually("every run completed") {
                try await Self.completedRuns(of: journey, harness) == 5
            }
            #expect(harness.delivery.attempts.count == 5)
            #expect(counts.runReads.load(ordering: .relaxed) == 0)
            #expect(counts.sendReads.load(ordering: .relaxed) == 0)
        }
    }

    /// Several nodes: another node may have moved the run, so every step reads it (and its send) first.
    @Test func withSeveralNodesEveryStepReadsItsRunFirst() async throws {
        let (harness, counts) = try await Self.harness(sharesStore: true)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Notify", trigger: "signup", host: "ok.example"))
            for index in 0..<5 { try await harness.ingest("signup", authId: "c\(index)", messageId: "m\(index)") }
            try await harness.dispatch()
            try await harness.eventually("every run completed") {
                try await Self.completedRuns(of: journey, harness) == 5
            }
            #expect(counts.runReads.load(ordering: .relaxed) >= 5)
            #expect(counts.sendReads.load(ordering: .relaxed) == 5)
        }
    }

    /// A step that waited in the queue longer than handed-over data stays fresh reads the customer again
    /// (but not its run): the webhook carries the name the customer has when it goes out, not the one
    /// it had when the run started.
    @Test func aStepThatWaitedInTheQueueSeesTheCustomerAsTheyAreNow() async throws {
        let (harness, counts, delivery) = try await Self.oneStepAtATime(hanging: "ok.example")
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Greet", "trigger": "signup",
                "steps": [["id": "hook", "type": "webhook", "url": "https://ok.example/hook", "body": #"{"name": "{{customer.firstName}}"}"#]],
            ])
            try await Self.queueBobBehindAnn(harness, delivery: delivery)
            try await Self.contact("bob", firstName: "Robert", harness: harness)
            harness.clock.advance(by: 2)
            delivery.release()
            try await harness.eventually("both runs completed") {
                try await Self.completedRuns(of: journey, harness) == 2
            }
            #expect(delivery.webhookBodies.contains(#"{"name": "Robert"}"#))
            #expect(!delivery.webhookBodies.contains(#"{"name": "Bob"}"#))
            #expect(counts.runReads.load(ordering: .relaxed) == 0)
        }
    }

    /// A message reads its customer's consent as it is when it goes out, however fresh the handed-over data.
    @Test func anEmailHonoursConsentWithdrawnWhileItsStepWasQueued() async throws {
        let (harness, _, delivery) = try await Self.oneStepAtATime(hanging: "email:ann@example.com")
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Welcome", "trigger": "signup",
                "steps": [["id": "hello", "type": "email", "subject": "Hello {{customer.firstName}}", "html": "<p>Hi</p>",
                           "purpose": "transactional"]],
            ])
            try await Self.queueBobBehindAnn(harness, delivery: delivery)
            try await Self.contact("bob", firstName: "Bob", consents: false, harness: harness)
            delivery.release()
            try await harness.eventually("both runs completed") {
                try await Self.completedRuns(of: journey, harness) == 2
            }
            #expect(delivery.emails.map(\.to) == ["ann@example.com"])
            #expect(try await harness.runs(journey).first { $0.authId == "bob" }?.trace.contains { $0.outcome == .skipped } == true)
        }
    }

    /// An exit while a run's step is queued withdraws its handed-over state: the step is never performed.
    @Test func anExitWhileTheStepIsQueuedSendsNothing() async throws {
        let (harness, _, delivery) = try await Self.oneStepAtATime(hanging: "ok.example")
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            try await harness.readyTrigger("purchase")
            let journey = try await harness.liveJourney([
                "name": "Nudge", "trigger": "signup", "exitTrigger": "purchase",
                "steps": [["id": "hook", "type": "webhook", "url": "https://ok.example/hook", "body": "{}"]],
            ])
            try await Self.queueBobBehindAnn(harness, delivery: delivery)
            try await harness.ingest("purchase", authId: "bob", messageId: "p1")
            try await harness.dispatch()
            try await harness.eventually("Bob's run exited") { try await harness.runs(journey).first { $0.authId == "bob" }?.status == .exited }
            delivery.release()
            try await harness.eventually("Ann's run completed") {
                try await harness.runs(journey).first { $0.authId == "ann" }?.status == .completed
            }
            try await harness.eventually("the executor is idle") { harness.engine.jobs.counts == (queued: 0, inFlight: 0) }
            #expect(delivery.attempts.count == 1)
        }
    }

    /// A harness performing one step per destination at a time, whose `destination` hangs until released.
    private static func oneStepAtATime(hanging destination: String) async throws -> (EngineHarness, CountingRunStore.Counts, FakeDelivery) {
        let delivery = FakeDelivery([destination: .hang])
        let (harness, counts) = try await harness(delivery: delivery, jobs: StepJobs(maximumInFlight: 16, maximumPerDestination: 1))
        return (harness, counts, delivery)
    }

    private static func completedRuns(of journey: String, _ harness: EngineHarness) async throws -> Int {
        try await harness.runs(journey).filter { $0.status == .completed }.count
    }

    /// A journey stopped while a run's step is queued sends nothing more: the run ends as exited.
    @Test func aJourneyStoppedWhileAStepIsQueuedSendsNothingMore() async throws {
        let (harness, _, delivery) = try await Self.oneStepAtATime(hanging: "ok.example")
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(webhookJourney("Nudge", trigger: "signup", host: "ok.example"))
            try await Self.queueBobBehindAnn(harness, delivery: delivery)
            _ = try await harness.journeys.stop(id: journey)
            delivery.release()
            try await harness.eventually("Bob's run exited") { try await harness.runs(journey).first { $0.authId == "bob" }?.status == .exited }
            try await harness.eventually("the executor is idle") { harness.engine.jobs.counts == (queued: 0, inFlight: 0) }
            #expect(delivery.attempts.count == 1)
            #expect(try await harness.runs(journey).first { $0.authId == "bob" }?.trace.last?.detail.contains("stopped") == true)
        }
    }

    /// Ann's step is in flight (and hangs), Bob's is queued behind it.
    private static func queueBobBehindAnn(_ harness: EngineHarness, delivery: FakeDelivery) async throws {
        for (id, name) in [("ann", "Ann"), ("bob", "Bob")] { try await contact(id, firstName: name, harness: harness) }
        try await harness.ingest("signup", authId: "ann", messageId: "m1")
        try await harness.eventually("Ann's step is in flight") { try await harness.dispatch(); return delivery.attempts.count == 1 }
        try await harness.ingest("signup", authId: "bob", messageId: "m2")
        try await harness.dispatch()
        try await harness.eventually("Bob's step is queued") { harness.engine.jobs.counts.queued == 1 }
    }

    private static func contact(_ id: String, firstName: String, consents: Bool = true, harness: EngineHarness) async throws {
        var customer = Customer(id: id, type: .contact, email: "\(id)@example.com", firstName: firstName)
        customer.consent.email = ChannelConsent(commercial: false, transactional: consents)
        _ = try await harness.customers.put(customer)
    }
}
