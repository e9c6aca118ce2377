import Foundation

/// The triggers Flint emits itself; they are `ready` from the start since they need no code.
///
/// The message ones carry `journeyId`, `stepId` and `messageId` (the send's idempotency key,
/// `<run id>:<step id>`), so a run waiting for `email_link_clicked` matches its own email.
public enum BuiltinTriggers {
    public static let definitions: [TriggerDefinition] = [
        builtin("email_sent", "Email sent", "Flint sent an email to the customer", messageAttributes),
        builtin("email_opened", "Email opened", "The customer opened an email Flint sent", messageAttributes),
        builtin(
            "email_link_clicked", "Email link clicked", "The customer clicked a link in an email Flint sent",
            messageAttributes + [AttributeDefinition(name: "url", type: .text, required: true, description: "The link's target")]),
        builtin(
            "email_failed", "Email failed", "The mail server refused an email for good",
            messageAttributes + [AttributeDefinition(name: "reason", type: .text, required: true, description: "The server's answer")]),
        builtin("sms_sent", "SMS sent", "Flint sent a text message to the customer", messageAttributes),
        builtin(
            "unsubscribed", "Unsubscribed", "The customer withdrew commercial consent through an unsubscribe link",
            [
                AttributeDefinition(name: "channel", type: .text, required: true, description: "email or sms"),
                AttributeDefinition(name: "address", type: .text, required: true, description: "The contact point unsubscribed"),
            ] + messageAttributes.map { AttributeDefinition(name: $0.name, type: $0.type, required: false, description: $0.description) }),
        builtin("contact_created", "Contact created", "A contact was created", [], customerType: .contact),
        builtin("lead_created", "Lead created", "A lead was created", [], customerType: .lead),
        builtin("profile_created", "Profile created", "A profile was created", [], customerType: .profile),
        builtin(
            "journey_completed", "Journey completed", "A customer finished a journey",
            [AttributeDefinition(name: "journeyId", type: .text, required: true, description: "The journey's id")]),
    ]

    static let messageAttributes = [
        AttributeDefinition(name: "journeyId", type: .text, required: true, description: "The journey that sent the message"),
        AttributeDefinition(name: "stepId", type: .text, required: true, description: "The journey step that sent the message"),
        AttributeDefinition(name: "messageId", type: .text, required: true, description: "The message: <run id>:<step id>"),
    ]

    /// The triggers whose events are about one message a run sent.
    public static let messageTriggers: Set<String> = ["email_sent", "email_opened", "email_link_clicked", "email_failed", "sms_sent"]

    /// The built-in trigger announcing a new customer of `type`.
    public static func created(_ type: CustomerType) -> String {
        switch type {
        case .contact: "contact_created"
        case .lead: "lead_created"
        case .profile: "profile_created"
        }
    }

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
