/// What can happen to a run.
public enum RunInput: Sendable, Equatable {
    /// The run was just created from its entry event.
    case start
    /// The run's timer is due (a `wait` ended or a `waitForTrigger` timed out).
    case timerDue
    /// The trigger a `waitForTrigger` step waits for arrived for this customer, with this binding.
    /// `sentBy` names the run whose message the event is about (`email_link_clicked` and the other
    /// message built-ins): only that run's wait matches it.
    case triggerArrived(trigger: String, bindingId: String?, sentBy: String? = nil)
    /// The run must end now: the journey's exit trigger arrived for this customer, or the journey was stopped.
    case exit(reason: String)
    /// The executor finished performing `stepId`.
    case stepFinished(stepId: String, StepResult)
}

/// How performing a step ended.
public enum StepResult: Sendable, Equatable {
    case sent(detail: String)
    /// Not sent on purpose: no consent, frequency cap, no address.
    case skipped(reason: String)
    /// Retries exhausted, or a permanent error.
    case failed(error: String)
    /// A transient failure: perform the step again at `at` (milliseconds since 1970). The executor
    /// decides how often and when, from the run's ``JourneyRun/attempts``.
    case retry(error: String, at: Int64)
}

/// What the executor must do next for a run.
public enum RunAction: Sendable, Equatable {
    /// Perform the step (render and send, or emit the trigger), then feed back `.stepFinished`.
    case perform(stepId: String)
    /// Store the run as waiting; wake it with `.timerDue` at `dueAt`, or `.triggerArrived`.
    case wait(RunWaitRequest)
    /// The run ended with this status.
    case finish(JourneyRun.Status)
    /// The input does not apply to the run as it is (a stale timer, a trigger it is not waiting for); nothing changed.
    case ignore
}

/// A wait the executor must arm durably.
public struct RunWaitRequest: Sendable, Equatable {
    public var dueAt: Int64
    /// The trigger that ends the wait early, for `waitForTrigger`.
    public var trigger: String?

    public init(dueAt: Int64, trigger: String?) {
        self.dueAt = dueAt
        self.trigger = trigger
    }
}
