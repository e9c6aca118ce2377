import FlintCore

/// One value the generated function takes: the customer id, an attribute, or an envelope field.
struct SnippetField: Sendable, Equatable {
    enum Role: Sendable, Equatable {
        case authId, attribute, contactpointEmail, contactpointPhone, bindingId, messageId, timestamp
    }

    var role: Role
    /// The name in the event's JSON: the attribute's own name, never converted.
    var jsonKey: String
    /// The words the parameter's name is built from in each language's convention.
    var words: [String]
    var type: AttributeType
    var required: Bool
    /// What the parameter means, as plain text; each language makes it comment-safe.
    var summary: String
    /// The example value (as text: `12.5`, `true`, a time) the runnable part sends; nil when left out.
    var example: String?

    var isAttribute: Bool { role == .attribute }

    static let exampleTime = "2026-11-26T10:00:00Z"

    init(role: Role, jsonKey: String, type: AttributeType, required: Bool, summary: String, example: String?) {
        self.role = role
        self.jsonKey = jsonKey
        self.words = IdentifierWords.split(jsonKey)
        self.type = type
        self.required = required
        self.summary = summary
        self.example = example
    }

    init(attribute: AttributeDefinition) {
        let kind: String = switch attribute.type {
        case .text: "Text"
        case .number: "A number"
        case .boolean: "true or false"
        case .datetime: "A time, sent as RFC 3339"
        // Lists are entity fields only (a custom trigger's attributes refuse them), so no snippet takes one.
        case .entityReference, .entityReferenceList: "The id of a record of the entity \(attribute.entity ?? "")"
        }
        var summary = "\(kind); \(attribute.required ? "required" : "optional, left out when not given")."
        if let description = attribute.description, !description.isEmpty { summary += " " + description }
        let example: String = switch attribute.type {
        case .text: "example"
        case .number: "12.5"
        case .boolean: "true"
        case .datetime: Self.exampleTime
        case .entityReference, .entityReferenceList: "\(attribute.entity ?? "record")-123"
        }
        self.init(
            role: .attribute, jsonKey: attribute.name, type: attribute.type, required: attribute.required,
            summary: summary, example: example)
    }

    /// The fields before and after the trigger's attributes, for a trigger of `customerType`.
    static func envelope(for customerType: CustomerType) -> (leading: [SnippetField], trailing: [SnippetField]) {
        let authId = SnippetField(
            role: .authId, jsonKey: "authId", type: .text, required: true,
            summary: "Who this event is about: the id of the \(customerType.rawValue) in your system.",
            example: "example-customer")
        var trailing: [SnippetField] = []
        if customerType == .profile {
            trailing.append(SnippetField(
                role: .contactpointEmail, jsonKey: "contactpoint_email", type: .text, required: false,
                summary: "An email address to reach the customer at while Flint has no profile for them yet.",
                example: "ann@example.com"))
            trailing.append(SnippetField(
                role: .contactpointPhone, jsonKey: "contactpoint_phone", type: .text, required: false,
                summary: "A phone number (E.164) to reach the customer at while Flint has no profile for them yet.",
                example: "+15551234567"))
        }
        trailing.append(SnippetField(
            role: .bindingId, jsonKey: "bindingId", type: .text, required: false,
            summary: "Correlates later triggers with a journey run: {entityType}/{entityId}, e.g. order/123.",
            example: nil))
        trailing.append(SnippetField(
            role: .messageId, jsonKey: "messageId", type: .text, required: false,
            summary: "The idempotency key; a random one is made when not given. Pass your own to make resends safe.",
            example: nil))
        trailing.append(SnippetField(
            role: .timestamp, jsonKey: "timestamp", type: .datetime, required: false,
            summary: "When it happened; Flint uses the time it receives the event when not given.",
            example: nil))
        return ([authId], trailing)
    }
}
