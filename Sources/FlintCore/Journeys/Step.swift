/// One step of a journey; `id` is unique in the journey and names the step in traces and stats.
public struct Step: Sendable, Equatable {
    public var id: String
    public var kind: Kind

    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    public indirect enum Kind: Sendable, Equatable {
        /// The first branch whose condition holds runs; else `otherwise`.
        case branch(branches: [Branch], otherwise: [Step])
        case wait(Wait)
        /// Waits for another trigger for the same customer (matched by `bindingId` when both carry one).
        case waitForTrigger(trigger: String, timeout: ISODuration, matched: [Step], timedOut: [Step])
        case email(EmailStep)
        case sms(SMSStep)
        case webhook(WebhookStep)
        /// Emits an event of another trigger for the same customer.
        case activateTrigger(trigger: String, attributes: [String: Template])
    }
}

/// One arm of a branch step.
public struct Branch: Sendable, Equatable {
    public var label: String
    public var when: Condition
    public var steps: [Step]

    public init(label: String, when: Condition, steps: [Step]) {
        self.label = label
        self.when = when
        self.steps = steps
    }
}

/// How long a `wait` step waits.
public enum Wait: Sendable, Equatable {
    case duration(ISODuration)
    /// Until a fixed time, in milliseconds since 1970.
    case until(Int64)
}

/// Whether a message is marketing (needs commercial consent, counts against the frequency cap)
/// or a service message (needs transactional consent).
public enum MessagePurpose: String, Sendable, Equatable, CaseIterable {
    case commercial, transactional
}

public struct EmailStep: Sendable, Equatable {
    public var subject: Template
    public var html: Template
    public var text: Template?
    public var purpose: MessagePurpose

    public init(subject: Template, html: Template, text: Template? = nil, purpose: MessagePurpose) {
        self.subject = subject
        self.html = html
        self.text = text
        self.purpose = purpose
    }
}

public struct SMSStep: Sendable, Equatable {
    public var text: Template
    public var purpose: MessagePurpose

    public init(text: Template, purpose: MessagePurpose) {
        self.text = text
        self.purpose = purpose
    }
}

public struct WebhookStep: Sendable, Equatable {
    public var url: String
    public var method: String
    public var headers: [String: String]
    public var body: Template?

    public init(url: String, method: String = "POST", headers: [String: String] = [:], body: Template? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}
