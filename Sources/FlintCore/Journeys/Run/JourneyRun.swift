/// One customer's pass through one version of a journey: where it is, what it waits for, what happened.
public struct JourneyRun: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Moving, or performing a step.
        case active
        /// Waiting for a timer or another trigger.
        case waiting
        case completed
        /// Ended by the journey's exit trigger.
        case exited
        /// Ended by a failed step under the `exit` failure rule.
        case failed

        public var isFinished: Bool { self == .completed || self == .exited || self == .failed }
    }

    /// What a waiting run waits for.
    public enum Waiting: Sendable, Equatable {
        /// A `wait` step, until `dueAt` (milliseconds since 1970).
        case timer(stepId: String, dueAt: Int64)
        /// A `waitForTrigger` step: the trigger, or its timeout at `dueAt`.
        case trigger(stepId: String, trigger: String, dueAt: Int64)
        /// A step whose last attempt failed transiently, performed again at `dueAt`: a durable timer, so
        /// a retrying step holds no executor slot and survives a restart.
        case retry(stepId: String, dueAt: Int64)

        public var dueAt: Int64 {
            switch self {
            case .timer(_, let dueAt), .trigger(_, _, let dueAt), .retry(_, let dueAt): dueAt
            }
        }

        public var stepId: String {
            switch self {
            case .timer(let stepId, _), .trigger(let stepId, _, _), .retry(let stepId, _): stepId
            }
        }
    }

    /// Deterministic from journey, version, customer and entry `messageId`, so a duplicate event
    /// can never start a second run.
    public let id: String
    public let journeyId: String
    public let version: Int
    public let authId: String
    /// The entry event's `bindingId`, for wait-for-trigger correlation.
    public let bindingId: String?
    public let startedAt: Int64
    public internal(set) var position: Int
    public internal(set) var status: Status
    public internal(set) var waiting: Waiting?
    /// The step being performed, between `perform` and `stepFinished`.
    public internal(set) var performing: String?
    /// Failed attempts of the step being performed or retried; 0 once it finishes.
    public internal(set) var attempts: Int
    public internal(set) var trace: [TraceEntry]

    /// A new run at the start of its program; drive it with ``handle(_:program:now:evaluate:)``.
    public init(id: String, journeyId: String, version: Int, authId: String, bindingId: String?, startedAt: Int64) {
        self.init(
            id: id, journeyId: journeyId, version: version, authId: authId, bindingId: bindingId, startedAt: startedAt, position: 0,
            status: .active, waiting: nil, performing: nil, attempts: 0, trace: [])
    }

    /// A run as stored, for executors that load it back.
    public init(
        id: String, journeyId: String, version: Int, authId: String, bindingId: String?, startedAt: Int64, position: Int,
        status: Status, waiting: Waiting?, performing: String?, attempts: Int = 0, trace: [TraceEntry]
    ) {
        self.attempts = attempts
        self.id = id
        self.journeyId = journeyId
        self.version = version
        self.authId = authId
        self.bindingId = bindingId
        self.startedAt = startedAt
        self.position = position
        self.status = status
        self.waiting = waiting
        self.performing = performing
        self.trace = trace
    }
}

/// One line of a run's trace: what happened at a step, when, and why.
public struct TraceEntry: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case entered, branched, waiting, resumed, matched, timedOut, sent, skipped, failed, retrying, completed, exited
    }

    public var step: String?
    /// Milliseconds since 1970.
    public var at: Int64
    public var outcome: Outcome
    public var detail: String

    public init(step: String?, at: Int64, outcome: Outcome, detail: String) {
        self.step = step
        self.at = at
        self.outcome = outcome
        self.detail = detail
    }
}
