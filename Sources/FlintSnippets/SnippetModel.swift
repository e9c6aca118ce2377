import FlintCore

/// Everything a language needs to write a snippet, independent of any language.
struct SnippetModel: Sendable {
    var trigger: TriggerDefinition
    /// The server's base URL without a trailing `/`.
    var endpoint: String
    var key: SnippetKey
    /// The function's parameters in order: authId, required attributes, optional attributes,
    /// contact points (profile triggers), bindingId, messageId, timestamp.
    var fields: [SnippetField]

    init(trigger: TriggerDefinition, endpoint: String, key: SnippetKey) {
        self.trigger = trigger
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.key = key
        let attributes = trigger.attributes.filter(\.required) + trigger.attributes.filter { !$0.required }
        let envelope = SnippetField.envelope(for: trigger.customerType)
        fields = envelope.leading + attributes.map(SnippetField.init(attribute:)) + envelope.trailing
    }

    /// `POST` target for single events.
    var eventsURL: String { endpoint + "/v1/events" }

    /// Where the server serves the web SDK.
    var sdkURL: String { endpoint + "/sdk/flint.js" }

    /// `send` plus the trigger's name: `sendWifiSignup`, `send_wifi_signup`, `SendWifiSignup`.
    var functionWords: [String] { ["send"] + IdentifierWords.split(trigger.name) }

    /// The heading line of every snippet's leading comment, as plain text.
    var heading: String { "Flint snippet for the trigger \"\(trigger.name)\": \(trigger.title)" }

    /// The trigger's description, or nil when it has none.
    var description: String? {
        guard let description = trigger.description, !description.isEmpty else { return nil }
        return description
    }

    /// The explanation placed next to the key, as comment lines of plain text.
    var keyExplanation: [String] {
        switch key {
        case .publishable:
            ["A publishable key: safe to ship in client code. Browsers may use it only from the key's allowed origins."]
        case .secret(let prefix):
            [
                "A secret key (\(prefix)…). Flint keeps only its hash, so it cannot be written here:",
                "set the \(SnippetKey.environmentVariable) environment variable to the full key you saved when you created it.",
                "Keep secret keys on servers only, never in code shipped to browsers or apps.",
            ]
        }
    }

    /// How the sender treats Flint's answers, as comment lines of plain text.
    static let retryExplanation = [
        "Answers: 202 accepted, 200 duplicate (this messageId was already accepted), 400 rejected (final: fix the event).",
        "429, 5xx and network errors are retried with exponential backoff (honouring Retry-After) under the",
        "same messageId, so a retry can never record the event twice.",
    ]
}
