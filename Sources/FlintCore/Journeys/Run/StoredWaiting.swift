/// How a run's wait is kept in a store's columns (`waiting_step`, `waiting_trigger`, `due_at`,
/// `waiting_retry`): a timer has no trigger, a retry sets `isRetry`, not waiting is all empty.
public struct StoredWaiting: Sendable, Equatable {
    public var step: String?
    public var trigger: String?
    public var dueAt: Int64?
    public var isRetry: Bool

    public init(_ waiting: JourneyRun.Waiting?) {
        switch waiting {
        case nil: (step, trigger, dueAt, isRetry) = (nil, nil, nil, false)
        case .timer(let stepId, let dueAt): (step, trigger, self.dueAt, isRetry) = (stepId, nil, dueAt, false)
        case .trigger(let stepId, let trigger, let dueAt): (step, self.trigger, self.dueAt, isRetry) = (stepId, trigger, dueAt, false)
        case .retry(let stepId, let dueAt): (step, trigger, self.dueAt, isRetry) = (stepId, nil, dueAt, true)
        }
    }

    public init(step: String?, trigger: String?, dueAt: Int64?, isRetry: Bool) {
        (self.step, self.trigger, self.dueAt, self.isRetry) = (step, trigger, dueAt, isRetry)
    }

    /// The wait these columns hold; nil when the run is not waiting.
    public var waiting: JourneyRun.Waiting? {
        guard let step, let dueAt else { return nil }
        if let trigger { return .trigger(stepId: step, trigger: trigger, dueAt: dueAt) }
        return isRetry ? .retry(stepId: step, dueAt: dueAt) : .timer(stepId: step, dueAt: dueAt)
    }
}
