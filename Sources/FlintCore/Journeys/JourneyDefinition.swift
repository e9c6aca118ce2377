/// A customer journey as a marketer defines it: which trigger starts it, who may enter, and its steps.
public struct JourneyDefinition: Sendable, Equatable {
    public var name: String
    /// The trigger whose events start runs.
    public var trigger: String
    /// Runs start only for events where this holds.
    public var entryCondition: Condition?
    public var reentry: Reentry
    /// An event of this trigger for the same customer ends the customer's active runs.
    public var exitTrigger: String?
    /// The IANA time zone for `on` (same calendar day); UTC when nil.
    public var timeZone: String?
    /// What a run does when a send fails for good.
    public var onFailure: FailureRule
    public var steps: [Step]

    public init(
        name: String, trigger: String, entryCondition: Condition? = nil, reentry: Reentry = .always,
        exitTrigger: String? = nil, timeZone: String? = nil, onFailure: FailureRule = .continue, steps: [Step]
    ) {
        self.name = name
        self.trigger = trigger
        self.entryCondition = entryCondition
        self.reentry = reentry
        self.exitTrigger = exitTrigger
        self.timeZone = timeZone
        self.onFailure = onFailure
        self.steps = steps
    }
}

/// Whether a customer may enter a journey again.
public enum Reentry: Sendable, Equatable {
    case always
    case never
    /// Only once this long has passed since the customer's previous entry.
    case after(ISODuration)
}

/// What a run does after a step failed for good (retries exhausted).
public enum FailureRule: String, Sendable, Equatable, CaseIterable {
    /// Record the failure in the trace and go on with the next step.
    case `continue`
    /// Record the failure and end the run as `failed`.
    case exit
}
