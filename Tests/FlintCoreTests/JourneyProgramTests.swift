import FlintCore
import Testing

@Suite("Journey programs")
struct JourneyProgramTests {
    @Test func compilesTheExampleIntoForwardJumps() {
        let program = JourneyProgram(JourneyRunStateMachineTests.example)
        let lobby = JourneyRunStateMachineTests.lobby
        #expect(program.instructions == [
            .branch(stepId: "where", arms: [JourneyProgram.Arm(label: "lobby", condition: lobby, target: 1)], otherwise: 3),
            .perform(stepId: "hello"),
            .jump(5),
            .perform(stepId: "notify"),
            .jump(5),
            .wait(stepId: "pause", .duration(ISODuration(seconds: 600, text: "PT10M"))),
            .waitForTrigger(stepId: "buy", trigger: "purchase_completed", timeoutSeconds: 86_400, matched: 7, timedOut: 8),
            .jump(10),
            .perform(stepId: "nudge"),
            .jump(10),
            .end,
        ])
        #expect(Set(program.steps.keys) == ["where", "hello", "notify", "pause", "buy", "nudge"])
    }

    /// Random journeys, driven by an executor that does what each action asks: every run ends exactly
    /// once, positions stay in range, and every input after the end is ignored.
    @Test func everyRandomJourneyRunsToItsEnd() {
        var generator = SeededRandomNumberGenerator(seed: 7)
        for round in 0..<500 {
            var counter = 0
            let steps = Self.randomSteps(depth: 0, counter: &counter, using: &generator)
            let program = JourneyProgram(JourneyDefinition(name: "r", trigger: "t", steps: steps))
            var run = JourneyRun(id: "r\(round)", journeyId: "j", version: 1, authId: "a", bindingId: nil, startedAt: 0)
            var now: Int64 = 0
            var action = run.handle(.start, program: program, now: now, evaluate: { _ in ConditionOutcome(holds: Bool.random(using: &generator)) })
            var transitions = 0
            while true {
                #expect(run.position >= 0 && run.position < program.instructions.count)
                transitions += 1
                #expect(transitions < 1_000, "round \(round) does not end")
                if transitions >= 1_000 { break }
                let evaluate: (Condition) -> ConditionOutcome = { _ in ConditionOutcome(holds: Bool.random(using: &generator)) }
                switch action {
                case .perform(let stepId):
                    let results: [StepResult] = [.sent(detail: "ok"), .skipped(reason: "no consent"), .failed(error: "down")]
                    action = run.handle(.stepFinished(stepId: stepId, results.randomElement(using: &generator)!), program: program, now: now, evaluate: evaluate)
                case .wait(let request):
                    if let trigger = request.trigger, Bool.random(using: &generator) {
                        action = run.handle(.triggerArrived(trigger: trigger, bindingId: nil), program: program, now: now, evaluate: evaluate)
                    } else {
                        now = request.dueAt
                        action = run.handle(.timerDue, program: program, now: now, evaluate: evaluate)
                    }
                case .finish(let status):
                    #expect(status == .completed)
                    #expect(run.status == .completed)
                    #expect(run.trace.last?.outcome == .completed)
                    #expect(run.handle(.timerDue, program: program, now: .max, evaluate: evaluate) == .ignore)
                    #expect(run.handle(.exit(reason: "the exit trigger arrived"), program: program, now: .max, evaluate: evaluate) == .ignore)
                case .ignore:
                    Issue.record("round \(round): the executor's own input was ignored")
                }
                if case .finish = action { break }
                if case .ignore = action { break }
            }
            #expect(run.trace.filter { $0.outcome == .completed }.count == 1)
        }
    }

    static func randomSteps(depth: Int, counter: inout Int, using generator: inout SeededRandomNumberGenerator) -> [Step] {
        let condition = Condition.compare(path: "trigger.x", op: .exists, value: nil)
        let text = Template(source: "hi", parts: [.text("hi")])
        return (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            counter += 1
            let id = "s\(counter)"
            switch Int.random(in: 0..<(depth < 3 ? 6 : 4), using: &generator) {
            case 0: return Step(id: id, kind: .wait(.duration(ISODuration(seconds: 60, text: "PT1M"))))
            case 1: return Step(id: id, kind: .sms(SMSStep(text: text, purpose: .transactional)))
            case 2: return Step(id: id, kind: .webhook(WebhookStep(url: "http://127.0.0.1/")))
            case 3: return Step(id: id, kind: .wait(.until(0)))
            case 4:
                let arms = (0..<Int.random(in: 0...2, using: &generator)).map { index in
                    Branch(label: "b\(index)", when: condition, steps: randomSteps(depth: depth + 1, counter: &counter, using: &generator))
                }
                return Step(id: id, kind: .branch(branches: arms, otherwise: randomSteps(depth: depth + 1, counter: &counter, using: &generator)))
            default:
                return Step(id: id, kind: .waitForTrigger(
                    trigger: "p", timeout: ISODuration(seconds: 3600, text: "PT1H"),
                    matched: randomSteps(depth: depth + 1, counter: &counter, using: &generator),
                    timedOut: randomSteps(depth: depth + 1, counter: &counter, using: &generator)))
            }
        }
    }
}
