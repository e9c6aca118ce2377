import Foundation

/// The triggers Flint emits itself; they are `ready` from the start since they need no code.
public enum BuiltinTriggers {
    public static let definitions: [TriggerDefinition] = [
        builtin("email_sent", "Email sent", "Flint sent an email to the customer", messageAttributes),
        builtin("email_opened", "Email opened", "The customer opened an email Flint sent", messageAttributes),
        builtin(
            "email_link_clicked", "Email link clicked", "The customer clicked a link in an email Flint sent",
            messageAttributes + [AttributeDefinition(name: "url", type: .text, required: true, description: "The link's target")]),
        builtin("sms_sent", "SMS sent", "Flint sent a text message to the customer", messageAttributes),
        builtin("contact_created", "Contact created", "A contact was created", [], customerType: .contact),
        builtin("lead_created", "Lead created", "A lead was created", [], customerType: .lead),
        builtin(
            "journey_completed", "Journey completed", "A customer finished a journey",
            [AttributeDefinition(name: "journeyId", type: .text, required: true, description: "The journey's id")]),
    ]

    static let messageAttributes = [
        AttributeDefinition(name: "journeyId", type: .text, required: true, description: "The journey that sent the message"),
        AttributeDefinition(name: "stepId", type: .text, required: true, description: "The journey step that sent the message"),
    ]

    /// The built-in triggers as stored when Flint first starts.
    public static func triggers(createdAt: Date) -> [Trigger] {
        definitions.map { Trigger(definition: $0, status: .ready, createdAt: createdAt, verifiedAt: createdAt, readyAt: createdAt) }
    }

    private static func builtin(
        _ name: String, _ title: String, _ description: String, _ attributes: [AttributeDefinition],
        customerType: CustomerType = .contact
    ) -> TriggerDefinition {
        TriggerDefinition(
            name: name, title: title, description: description, kind: .builtin, customerType: customerType, attributes: attributes)
    }
}
