/// The result of evaluating a condition: whether it holds, and the values it read (for the trace).
public struct ConditionOutcome: Sendable, Equatable {
    public var holds: Bool
    public var values: [String: JSONValue]

    public init(holds: Bool, values: [String: JSONValue] = [:]) {
        self.holds = holds
        self.values = values
    }
}

extension JourneyRun {
    /// Applies `input` and moves the run as far as it can go without the outside world.
    ///
    /// Pure: the run decides, the executor acts. Every call appends to `trace` what happened, and
    /// returns the single thing the executor must do next. Inputs that do not fit the run's state
    /// (a stale timer, a second result for one step, anything after the end) change nothing.
    ///
    /// - Parameters:
    ///   - now: the current time in milliseconds since 1970.
    ///   - evaluate: evaluates a branch condition against the run's data.
    public mutating func handle(
        _ input: RunInput, program: JourneyProgram, now: Int64, evaluate: (Condition) -> ConditionOutcome
    ) -> RunAction {
        switch input {
        case .start:
            guard status == .active, position == 0, trace.isEmpty, performing == nil else { return .ignore }
            record(nil, now, .entered, "entered version \(version)")
            return advance(program: program, now: now, evaluate: evaluate)

        case .timerDue:
            guard status == .waiting, let waiting, now >= waiting.dueAt else { return .ignore }
            self.waiting = nil
            status = .active
            if case .retry(let stepId, _) = waiting {
                performing = stepId
                record(stepId, now, .resumed, "attempt \(attempts + 1)")
                return .perform(stepId: stepId)
            }
            switch program[position] {
            case .wait:
                record(waiting.stepId, now, .resumed, "the wait ended")
                position += 1
            case .waitForTrigger(_, let trigger, _, _, let timedOut):
                record(waiting.stepId, now, .timedOut, "\(trigger) did not arrive in time")
                position = timedOut
            default:
                preconditionFailure("a waiting run must sit on a wait instruction")
            }
            return advance(program: program, now: now, evaluate: evaluate)

        case .triggerArrived(let trigger, let bindingId, let sentBy):
            guard status == .waiting, case .trigger(let stepId, let awaited, _) = waiting, trigger == awaited,
                case .waitForTrigger(_, _, _, let matched, _) = program[position]
            else { return .ignore }
            if let sentBy, sentBy != id { return .ignore }
            guard Self.bindingsMatch(bindingId, self.bindingId) else { return .ignore }
            waiting = nil
            status = .active
            record(stepId, now, .matched, bindingId.map { "\(trigger) arrived for \($0)" } ?? "\(trigger) arrived")
            position = matched
            return advance(program: program, now: now, evaluate: evaluate)

        case .exit(let reason):
            guard !status.isFinished else { return .ignore }
            waiting = nil
            performing = nil
            status = .exited
            record(nil, now, .exited, reason)
            return .finish(.exited)

        case .stepFinished(let stepId, let result):
            guard status == .active, performing == stepId else { return .ignore }
            performing = nil
            if case .retry(let error, let at) = result {
                performing = stepId
                deferStep(error: error, until: at, now: now)
                return .wait(RunWaitRequest(dueAt: at, trigger: nil))
            }
            attempts = 0
            switch result {
            case .sent(let detail):
                record(stepId, now, .sent, detail)
            case .skipped(let reason):
                record(stepId, now, .skipped, reason)
            case .retry:
                preconditionFailure("handled above")
            case .failed(let error):
                record(stepId, now, .failed, error)
                if program.failureRule == .exit {
                    status = .failed
                    record(nil, now, .failed, "ended: step \(stepId) failed and the journey's failure rule is exit")
                    return .finish(.failed)
                }
            }
            position += 1
            return advance(program: program, now: now, evaluate: evaluate)
        }
    }

    /// Puts the step being performed off until `dueAt` as a durable retry timer, counting the failed
    /// attempt; needs no program, so it also serves a run whose step could not even be started.
    /// False when the run is not performing a step.
    @discardableResult
    public mutating func deferStep(error: String, until dueAt: Int64, now: Int64) -> Bool {
        guard status == .active, let stepId = performing else { return false }
        performing = nil
        attempts += 1
        status = .waiting
        waiting = .retry(stepId: stepId, dueAt: dueAt)
        record(stepId, now, .retrying, "attempt \(attempts) failed: \(error); trying again at \(RFC3339.format(milliseconds: dueAt))")
        return true
    }

    /// Ends the run as `failed` without its program: for a run that cannot be moved at all (its
    /// version is gone, its data cannot be read), after the executor gave up retrying. False when it
    /// had already finished.
    public mutating func abandon(reason: String, now: Int64) -> Bool {
        guard !status.isFinished else { return false }
        waiting = nil
        performing = nil
        status = .failed
        record(nil, now, .failed, reason)
        return true
    }

    /// Runs instructions until one needs the outside world. Jumps only go forward, so this ends.
    private mutating func advance(program: JourneyProgram, now: Int64, evaluate: (Condition) -> ConditionOutcome) -> RunAction {
        while true {
            switch program[position] {
            case .branch(let stepId, let arms, let otherwise):
                var target = otherwise
                var read: [String: JSONValue] = [:]
                var taken: String?
                for arm in arms {
                    let outcome = evaluate(arm.condition)
                    if outcome.holds {
                        target = arm.target
                        taken = "took \(arm.label)" + Self.describe(outcome.values)
                        break
                    }
                    read.merge(outcome.values) { first, _ in first }
                }
                // When none matched, the values every branch read say why.
                let detail = taken ?? "no branch matched; otherwise" + Self.describe(read)
                record(stepId, now, .branched, detail)
                position = target
            case .wait(let stepId, let wait):
                let dueAt: Int64
                switch wait {
                case .duration(let duration): dueAt = now + duration.seconds * 1000
                case .until(let time): dueAt = time
                }
                if dueAt <= now {
                    record(stepId, now, .resumed, "the wait's time has already passed")
                    position += 1
                    continue
                }
                waiting = .timer(stepId: stepId, dueAt: dueAt)
                status = .waiting
                record(stepId, now, .waiting, "until \(RFC3339.format(milliseconds: dueAt))")
                return .wait(RunWaitRequest(dueAt: dueAt, trigger: nil))
            case .waitForTrigger(let stepId, let trigger, let timeoutSeconds, _, _):
                let dueAt = now + timeoutSeconds * 1000
                waiting = .trigger(stepId: stepId, trigger: trigger, dueAt: dueAt)
                status = .waiting
                record(stepId, now, .waiting, "for \(trigger) until \(RFC3339.format(milliseconds: dueAt))")
                return .wait(RunWaitRequest(dueAt: dueAt, trigger: trigger))
            case .perform(let stepId):
                performing = stepId
                return .perform(stepId: stepId)
            case .jump(let target):
                precondition(target > position, "journey programs only jump forward")
                position = target
            case .end:
                status = .completed
                record(nil, now, .completed, "reached the end")
                return .finish(.completed)
            }
        }
    }

    private mutating func record(_ step: String?, _ at: Int64, _ outcome: TraceEntry.Outcome, _ detail: String) {
        trace.append(TraceEntry(step: step, at: at, outcome: outcome, detail: detail))
    }

    private static func describe(_ values: [String: JSONValue]) -> String {
        guard !values.isEmpty else { return "" }
        return " (" + values.keys.sorted().map { "\($0) = \(values[$0]!.serialized())" }.joined(separator: ", ") + ")"
    }

    /// Whether an event's binding fits a run's: anything fits when either side has none; bindings of
    /// the same entity type must name the same entity; bindings of different entity types do not conflict.
    public static func bindingsMatch(_ event: String?, _ run: String?) -> Bool {
        guard let event, let run else { return true }
        let eventParts = event.split(separator: "/", maxSplits: 1)
        let runParts = run.split(separator: "/", maxSplits: 1)
        guard eventParts.count == 2, runParts.count == 2, eventParts[0] == runParts[0] else { return true }
        return eventParts[1] == runParts[1]
    }
}
