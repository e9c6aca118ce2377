extension Step {
    /// The step in API.md's shape: `id`, `type`, then the type's fields. Templates keep their source
    /// text and durations their text; `until` is written in UTC.
    public var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "type": .string(kind.typeName)]
        switch kind {
        case .branch(let branches, let otherwise):
            object["branches"] = .array(branches.map(\.json))
            object["otherwise"] = Step.json(otherwise)
        case .wait(.duration(let duration)):
            object["duration"] = .string(duration.text)
        case .wait(.until(let milliseconds)):
            object["until"] = .string(RFC3339.format(milliseconds: milliseconds))
        case .waitForTrigger(let trigger, let timeout, let matched, let timedOut):
            object["trigger"] = .string(trigger)
            object["timeout"] = .string(timeout.text)
            object["matched"] = Step.json(matched)
            object["timedOut"] = Step.json(timedOut)
        case .email(let email):
            object["subject"] = .string(email.subject.source)
            object["html"] = .string(email.html.source)
            if let text = email.text { object["text"] = .string(text.source) }
            object["purpose"] = .string(email.purpose.rawValue)
        case .sms(let sms):
            object["text"] = .string(sms.text.source)
            object["purpose"] = .string(sms.purpose.rawValue)
        case .webhook(let webhook):
            object["url"] = .string(webhook.url)
            object["method"] = .string(webhook.method)
            if !webhook.headers.isEmpty { object["headers"] = .object(JSONObject(webhook.headers.mapValues(JSONValue.string))) }
            if let body = webhook.body { object["body"] = .string(body.source) }
        case .activateTrigger(let trigger, let attributes):
            object["trigger"] = .string(trigger)
            object["attributes"] = .object(JSONObject(attributes.mapValues { .string($0.source) }))
        }
        return .object(object)
    }

    /// A step list as a JSON array.
    public static func json(_ steps: [Step]) -> JSONValue {
        .array(steps.map(\.json))
    }
}

extension Step.Kind {
    /// The `type` this kind is written as.
    public var typeName: String {
        switch self {
        case .branch: "branch"
        case .wait: "wait"
        case .waitForTrigger: "waitForTrigger"
        case .email: "email"
        case .sms: "sms"
        case .webhook: "webhook"
        case .activateTrigger: "activateTrigger"
        }
    }
}

extension Branch {
    /// `{"label", "when", "steps"}`.
    public var json: JSONValue {
        ["label": .string(label), "when": when.json, "steps": Step.json(steps)]
    }
}
