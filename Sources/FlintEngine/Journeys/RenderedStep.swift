import FlintCore

/// A step's message with its templates filled in and escaped for where each part goes.
enum RenderedStep: Sendable, Equatable {
    /// `notes` say which values were replaced to keep the HTML safe (unsafe link URLs), for the trace.
    case email(subject: String, html: String, text: String, purpose: MessagePurpose, notes: [String])
    case sms(text: String, purpose: MessagePurpose)
    case webhook(url: String, method: String, headers: [String: String], body: String)
    case activateTrigger(trigger: String, attributes: [String: String])

    /// Renders `step`; nil for steps that send nothing (branches and waits).
    init?(_ step: Step, data: JourneyData) {
        switch step.kind {
        case .email(let email):
            let html = email.html.renderHTML(data: data)
            self = .email(
                subject: email.subject.render(escaping: .headerLine, data: data), html: html.html,
                text: email.text?.render(escaping: .plain, data: data) ?? PlainText.fromHTML(html.html), purpose: email.purpose,
                notes: html.notes)
        case .sms(let sms):
            self = .sms(text: sms.text.render(escaping: .plain, data: data), purpose: sms.purpose)
        case .webhook(let webhook):
            self = .webhook(
                url: webhook.url, method: webhook.method, headers: webhook.headers,
                body: webhook.body?.render(escaping: .jsonString, data: data) ?? "{}")
        case .activateTrigger(let trigger, let attributes):
            self = .activateTrigger(trigger: trigger, attributes: attributes.mapValues { $0.render(escaping: .plain, data: data) })
        case .branch, .wait, .waitForTrigger:
            return nil
        }
    }

    /// How the dry run shows it.
    var json: JSONValue {
        switch self {
        case .email(let subject, let html, let text, let purpose, let notes):
            [
                "channel": "email", "subject": .string(subject), "html": .string(html), "text": .string(text),
                "purpose": .string(purpose.rawValue), "notes": .array(notes.map(JSONValue.string)),
            ]
        case .sms(let text, let purpose):
            ["channel": "sms", "text": .string(text), "purpose": .string(purpose.rawValue)]
        case .webhook(let url, let method, let headers, let body):
            ["channel": "webhook", "url": .string(url), "method": .string(method), "headers": .object(JSONObject(headers.mapValues(JSONValue.string))), "body": .string(body)]
        case .activateTrigger(let trigger, let attributes):
            ["channel": "trigger", "trigger": .string(trigger), "attributes": .object(JSONObject(attributes.mapValues(JSONValue.string)))]
        }
    }
}
