import FlintCore
import Testing

/// The journey run state machine, driven by hand: no database, no clock, no network.
@Suite("Journey run state machine")
struct JourneyRunStateMachineTests {
    static func template(_ text: String) -> Template { Template(source: text, parts: [.text(text)]) }
    static let lobby = Condition.compare(path: "trigger.location", op: .equals, value: "lobby")

    /// The journey of API.md: branch (email | webhook), wait 10 minutes, wait for a purchase (1 day) or nudge by SMS.
    static let example = JourneyDefinition(
        name: "Wi-Fi welcome", trigger: "wifi_signup",
        steps: [
            Step(id: "where", kind: .branch(
                branches: [Branch(label: "lobby", when: lobby, steps: [
                    Step(id: "hello", kind: .email(EmailStep(subject: template("Welcome"), html: template("<p>Hi</p>"), purpose: .commercial)))
                ])],
                otherwise: [Step(id: "notify", kind: .webhook(WebhookStep(url: "http://127.0.0.1:9000/hook")))])),
            Step(id: "pause", kind: .wait(.duration(ISODuration(seconds: 600, text: "PT10M")))),
            Step(id: "buy", kind: .waitForTrigger(
                trigger: "purchase_completed", timeout: ISODuration(seconds: 86_400, text: "P1D"), matched: [],
                timedOut: [Step(id: "nudge", kind: .sms(SMSStep(text: template("Still thinking?"), purpose: .commercial)))])),
        ])

    let program = JourneyProgram(example)

    func newRun(binding: String? = "order/123") -> JourneyRun {
        JourneyRun(id: "run-1", journeyId: "j-1", version: 1, authId: "contact-123", bindingId: binding, startedAt: 0)
    }

    func lobbyHolds(_ holds: Bool) -> (Condition) -> ConditionOutcome {
        { _ in ConditionOutcome(holds: holds, values: ["trigger.location": holds ? "lobby" : "bar"]) }
    }

    @Test func walksTheLobbyPathToTheEnd() {
        var run = newRun()
        #expect(run.handle(.start, program: program, now: 1_000, evaluate: lobbyHolds(true)) == .perform(stepId: "hello"))
        #expect(run.status == .active)
        #expect(run.performing == "hello")
        let wait = run.handle(.stepFinished(stepId: "hello", .sent(detail: "to ann@example.com")), program: program, now: 2_000, evaluate: lobbyHolds(true))
        #expect(wait == .wait(RunWaitRequest(dueAt: 602_000, trigger: nil)))
        #expect(run.status == .waiting)
        #expect(run.waiting == .timer(stepId: "pause", dueAt: 602_000))
        #expect(run.handle(.timerDue, program: program, now: 601_999, evaluate: lobbyHolds(true)) == .ignore)
        let waitForPurchase = run.handle(.timerDue, program: program, now: 602_000, evaluate: lobbyHolds(true))
        #expect(waitForPurchase == .wait(RunWaitRequest(dueAt: 602_000 + 86_400_000, trigger: "purchase_completed")))
        #expect(run.handle(.triggerArrived(trigger: "other", bindingId: nil), program: program, now: 700_000, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run.handle(.triggerArrived(trigger: "purchase_completed", bindingId: "order/999"), program: program, now: 700_000, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run.handle(.triggerArrived(trigger: "purchase_completed", bindingId: "order/123"), program: program, now: 700_000, evaluate: lobbyHolds(true)) == .finish(.completed))
        #expect(run.status == .completed)
        #expect(run.trace.map(\.outcome) == [.entered, .branched, .sent, .waiting, .resumed, .waiting, .matched, .completed])
        #expect(run.trace.map(\.step) == [nil, "where", "hello", "pause", "pause", "buy", "buy", nil])
        #expect(run.trace[1].detail == #"took lobby (trigger.location = "lobby")"#)
    }

    @Test func takesOtherwiseAndTimesOut() {
        var run = newRun()
        #expect(run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(false)) == .perform(stepId: "notify"))
        // The values the branches read say why none matched.
        #expect(run.trace.last?.detail == #"no branch matched; otherwise (trigger.location = "bar")"#)
        _ = run.handle(.stepFinished(stepId: "notify", .sent(detail: "202")), program: program, now: 0, evaluate: lobbyHolds(false))
        _ = run.handle(.timerDue, program: program, now: 600_000, evaluate: lobbyHolds(false))
        #expect(run.handle(.timerDue, program: program, now: 600_000 + 86_400_000, evaluate: lobbyHolds(false)) == .perform(stepId: "nudge"))
        #expect(run.trace.last?.outcome == .timedOut)
        #expect(run.handle(.stepFinished(stepId: "nudge", .skipped(reason: "no SMS consent")), program: program, now: 1, evaluate: lobbyHolds(false)) == .finish(.completed))
        #expect(run.trace.suffix(2).map(\.outcome) == [.skipped, .completed])
    }

    @Test func aFailedStepGoesOnByDefault() {
        var run = newRun()
        _ = run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        let next = run.handle(.stepFinished(stepId: "hello", .failed(error: "550 mailbox unavailable")), program: program, now: 5, evaluate: lobbyHolds(true))
        #expect(next == .wait(RunWaitRequest(dueAt: 600_005, trigger: nil)))
        #expect(run.trace.contains { $0.outcome == .failed && $0.detail == "550 mailbox unavailable" })
    }

    @Test func aFailedStepEndsTheRunUnderTheExitRule() {
        var definition = Self.example
        definition.onFailure = .exit
        let program = JourneyProgram(definition)
        var run = newRun()
        _ = run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        #expect(run.handle(.stepFinished(stepId: "hello", .failed(error: "boom")), program: program, now: 1, evaluate: lobbyHolds(true)) == .finish(.failed))
        #expect(run.status == .failed)
        #expect(run.trace.suffix(2).map(\.outcome) == [.failed, .failed])
        #expect(run.trace.last?.step == nil)
        #expect(run.handle(.timerDue, program: program, now: .max, evaluate: lobbyHolds(true)) == .ignore)
    }

    @Test func theExitTriggerEndsARunInEveryUnfinishedState() {
        // performing
        var performing = newRun()
        _ = performing.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        #expect(performing.handle(.exit(reason: "the exit trigger arrived"), program: program, now: 1, evaluate: lobbyHolds(true)) == .finish(.exited))
        #expect(performing.handle(.stepFinished(stepId: "hello", .sent(detail: "")), program: program, now: 2, evaluate: lobbyHolds(true)) == .ignore)
        #expect(performing.performing == nil)
        // waiting
        var waiting = newRun()
        _ = waiting.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        _ = waiting.handle(.stepFinished(stepId: "hello", .sent(detail: "")), program: program, now: 0, evaluate: lobbyHolds(true))
        #expect(waiting.handle(.exit(reason: "the exit trigger arrived"), program: program, now: 1, evaluate: lobbyHolds(true)) == .finish(.exited))
        #expect(waiting.waiting == nil)
        #expect(waiting.handle(.timerDue, program: program, now: .max, evaluate: lobbyHolds(true)) == .ignore)
        // finished
        #expect(waiting.handle(.exit(reason: "the exit trigger arrived"), program: program, now: 2, evaluate: lobbyHolds(true)) == .ignore)
        #expect(waiting.trace.filter { $0.outcome == .exited }.count == 1)
    }

    @Test func inputsThatDoNotFitChangeNothing() {
        var run = newRun()
        let fresh = run
        #expect(run.handle(.timerDue, program: program, now: 0, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run.handle(.stepFinished(stepId: "hello", .sent(detail: "")), program: program, now: 0, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run.handle(.triggerArrived(trigger: "purchase_completed", bindingId: nil), program: program, now: 0, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run == fresh)
        _ = run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        let started = run
        #expect(run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run.handle(.stepFinished(stepId: "notify", .sent(detail: "")), program: program, now: 0, evaluate: lobbyHolds(true)) == .ignore)
        #expect(run == started)
    }

    @Test func aWaitUntilAPastTimeGoesStraightOn() {
        let definition = JourneyDefinition(name: "x", trigger: "t", steps: [Step(id: "w", kind: .wait(.until(500)))])
        var run = newRun()
        #expect(run.handle(.start, program: JourneyProgram(definition), now: 1_000, evaluate: lobbyHolds(true)) == .finish(.completed))
        #expect(run.trace.map(\.outcome) == [.entered, .resumed, .completed])
    }

    @Test(arguments: [
        (nil, nil, true), ("order/1", nil, true), (nil, "order/1", true), ("order/1", "order/1", true),
        ("order/1", "order/2", false), ("cart/9", "order/1", true), ("order/1/a", "order/1/a", true), ("order/1/a", "order/1/b", false),
    ] as [(String?, String?, Bool)])
    func correlatesBindings(event: String?, run: String?, matches: Bool) {
        #expect(JourneyRun.bindingsMatch(event, run) == matches)
    }

    @Test func anEventWithoutBindingMatchesAWaitingRun() {
        var run = newRun(binding: "order/123")
        _ = run.handle(.start, program: program, now: 0, evaluate: lobbyHolds(true))
        _ = run.handle(.stepFinished(stepId: "hello", .sent(detail: "")), program: program, now: 0, evaluate: lobbyHolds(true))
        _ = run.handle(.timerDue, program: program, now: 600_000, evaluate: lobbyHolds(true))
        #expect(run.handle(.triggerArrived(trigger: "purchase_completed", bindingId: nil), program: program, now: 1, evaluate: lobbyHolds(true)) == .finish(.completed))
    }
}
