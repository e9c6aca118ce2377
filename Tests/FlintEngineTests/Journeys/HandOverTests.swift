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
                try await harness.runs(journey).filter { $0.status == .completed }.count == 5
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
                try await harness.runs(journey).filter { $0.status == .completed }.count == 5
            }
            #expect(counts.runReads.load(ordering: .relaxed) >= 5)
            #expect(counts.sendReads.load(ordering: .relaxed) == 5)
        }
    }

    /// A step that waited in the queue longer than handed-over data stays fresh reads the customer again
    /// (but not its run): the email carries the name the customer has when it goes out, not the one it
    /// had when the run started.
    @Test func aStepThatWaitedInTheQueueSeesTheCustomerAsTheyAreNow() async throws {
        let delivery = FakeDelivery(["email:ann@example.com": .hang])
        // One email at a time: Bob's step waits behind Ann's, which hangs.
        let (harness, counts) = try await Self.harness(delivery: delivery, jobs: StepJobs(maximumInFlight: 16, maximumPerDestination: 1))
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Welcome", "trigger": "signup",
                "steps": [["id": "hello", "type": "email", "subject": "Hello {{customer.firstName}}", "html": "<p>Hi</p>",
                           "purpose": "transactional"]],
            ])
            for (id, name) in [("ann", "Ann"), ("bob", "Bob")] { try await Self.contact(id, firstName: name, harness: harness) }
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.eventually("Ann's email is in flight") { try await harness.dispatch(); return delivery.attempts.count == 1 }
            try await harness.ingest("signup", authId: "bob", messageId: "m2")
            try await harness.dispatch()
            try await harness.eventually("Bob's email is queued") { harness.engine.jobs.counts.queued == 1 }
            try await Self.contact("bob", firstName: "Robert", harness: harness)
            harness.clock.advance(by: 2)
            delivery.release()
            try await harness.eventually("both runs completed") {
                try await harness.runs(journey).filter { $0.status == .completed }.count == 2
            }
            #expect(delivery.emails.first { $0.to == "bob@example.com" }?.subject == "Hello Robert")
            #expect(counts.runReads.load(ordering: .relaxed) == 0)
        }
    }

    private static func contact(_ id: String, firstName: String, harness: EngineHarness) async throws {
        var customer = Customer(id: id, type: .contact, email: "\(id)@example.com", firstName: firstName)
        customer.consent.email = ChannelConsent(commercial: false, transactional: true)
        _ = try await harness.customers.put(customer)
    }
}
