import FlintCore
import FlintSQLite
import Foundation

/// Test data for journeys and runs: the journey of API.md, and runs driven by its state machine.
enum JourneyFixture {
    static func template(_ text: String) -> Template { Template(source: text, parts: [.text(text)]) }

    /// Branch (email "hello" | webhook "notify"), wait 10 minutes ("pause"), wait a day for a purchase ("buy")
    /// or nudge by SMS ("nudge").
    static let definition = JourneyDefinition(
        name: "Wi-Fi welcome", trigger: "wifi_signup", exitTrigger: "unsubscribed",
        steps: [
            Step(
                id: "where",
                kind: .branch(
                    branches: [
                        Branch(
                            label: "lobby", when: .compare(path: "trigger.location", op: .equals, value: "lobby"),
                            steps: [
                                Step(
                                    id: "hello",
                                    kind: .email(
                                        EmailStep(subject: template("Welcome"), html: template("<p>Hi</p>"), purpose: .commercial)))
                            ])
                    ],
                    otherwise: [Step(id: "notify", kind: .webhook(WebhookStep(url: "http://127.0.0.1:9000/hook")))])),
            Step(id: "pause", kind: .wait(.duration(ISODuration(seconds: 600, text: "PT10M")))),
            Step(
                id: "buy",
                kind: .waitForTrigger(
                    trigger: "purchase_completed", timeout: ISODuration(seconds: 86_400, text: "P1D"), matched: [],
                    timedOut: [Step(id: "nudge", kind: .sms(SMSStep(text: template("Still thinking?"), purpose: .commercial)))])),
        ])

    static let program = JourneyProgram(definition)
    static let triggers = ["wifi_signup", "unsubscribed", "purchase_completed"]

    static func journey(_ id: String = "j-1", name: String = "Wi-Fi welcome", createdAt: Int64 = 1_000) -> StoredJourney {
        StoredJourney(
            id: id, name: name, trigger: "wifi_signup", status: .draft, version: 1,
            definitionJSON: definition.json.serialized(), liveSince: nil, createdAt: createdAt, updatedAt: createdAt)
    }

    /// Creates the triggers the journey uses and the journey itself.
    static func prepare(_ storage: Storage, journeys ids: [String] = ["j-1"]) async throws {
        for name in triggers { try await storage.triggers.create(Fixture.trigger(name)) }
        for (index, id) in ids.enumerated() {
            try await storage.journeys.create(journey(id, createdAt: 1_000 + Int64(index)), triggers: triggers)
        }
    }

    /// A run that has just been created, before `.start`.
    static func newRun(
        _ id: String = "run-1", journeyId: String = "j-1", authId: String = "contact-1", binding: String? = "order/123",
        startedAt: Int64 = 1_000
    ) -> JourneyRun {
        JourneyRun(id: id, journeyId: journeyId, version: 1, authId: authId, bindingId: binding, startedAt: startedAt)
    }

    /// Feeds `input` to `run` at `now`, taking the lobby branch.
    static func drive(_ run: inout JourneyRun, _ input: RunInput, at now: Int64) {
        _ = run.handle(input, program: program, now: now) { _ in ConditionOutcome(holds: true) }
    }

    /// A run started at `startedAt`: it is performing the email step "hello".
    static func performing(_ id: String = "run-1", journeyId: String = "j-1", authId: String = "contact-1", startedAt: Int64 = 1_000) -> JourneyRun {
        var run = newRun(id, journeyId: journeyId, authId: authId, startedAt: startedAt)
        drive(&run, .start, at: startedAt)
        return run
    }

    /// A run parked on the 10-minute wait "pause", due at `startedAt + 600_000`.
    static func waitingForTimer(_ id: String = "run-1", journeyId: String = "j-1", authId: String = "contact-1", startedAt: Int64 = 1_000) -> JourneyRun {
        var run = performing(id, journeyId: journeyId, authId: authId, startedAt: startedAt)
        drive(&run, .stepFinished(stepId: "hello", .sent(detail: "to ann@example.com")), at: startedAt)
        return run
    }

    /// A run waiting for `purchase_completed` at "buy", timing out at `startedAt + 600_000 + 86_400_000`.
    static func waitingForPurchase(_ id: String = "run-1", journeyId: String = "j-1", authId: String = "contact-1", startedAt: Int64 = 1_000) -> JourneyRun {
        var run = waitingForTimer(id, journeyId: journeyId, authId: authId, startedAt: startedAt)
        drive(&run, .timerDue, at: startedAt + 600_000)
        return run
    }

    static func stored(_ run: JourneyRun, messageId: String? = nil) -> StoredRun {
        StoredRun(
            run: run, revision: 0,
            entry: RunEntry(
                messageId: messageId ?? "m-\(run.id)", attributes: ["location": "lobby", "amount": 12.5],
                contactpointEmail: "ann@example.com"))
    }

    static func send(for run: JourneyRun, step: String = "hello", sentAt: Int64 = 1_000) -> SendRecord {
        SendRecord(
            idempotencyKey: "\(run.id):\(step)", runId: run.id, journeyId: run.journeyId, stepId: step, authId: run.authId,
            channel: .email, purpose: .commercial, recipient: "ann@example.com", detail: "250 OK", sentAt: sentAt)
    }
}

/// Runs `body` with a fresh database and its stores, for tests that also look at the database itself.
func withDatabase<T>(_ body: (SQLiteDatabase, Storage) async throws -> T) async throws -> T {
    try await withTemporaryFolder { folder in
        let database = try SQLiteDatabase.migrated(folder: folder)
        return try await body(database, database.storage())
    }
}
