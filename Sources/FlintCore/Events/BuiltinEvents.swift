/// The events of Flint's built-in triggers, built typed (no JSON round trip) and named by what they
/// are about, so the same occurrence written twice is one event (`messageId` dedupe).
public enum BuiltinEvents {
    /// `contact_created`, `lead_created` or `profile_created`.
    public static func customerCreated(_ customer: Customer, at time: Int64) -> AcceptedEvent {
        let trigger = BuiltinTriggers.created(customer.type)
        return event(trigger, id: "\(customer.type.rawValue)/\(customer.id)", authId: customer.id, at: time, attributes: [:])
    }

    public static func journeyCompleted(runId: String, journeyId: String, authId: String, at time: Int64) -> AcceptedEvent {
        event("journey_completed", id: runId, authId: authId, at: time, attributes: ["journeyId": .string(journeyId)])
    }

    /// `email_sent` or `sms_sent` for a recorded send; nil for webhooks and emitted triggers.
    public static func messageSent(_ send: SendRecord) -> AcceptedEvent? {
        let trigger: String
        switch send.channel {
        case .email: trigger = "email_sent"
        case .sms: trigger = "sms_sent"
        case .webhook, .trigger: return nil
        }
        return message(trigger, send.idempotencyKey, journeyId: send.journeyId, stepId: send.stepId, authId: send.authId, at: send.sentAt)
    }

    /// A permanent refusal of an email by the mail server.
    public static func emailFailed(messageId: String, journeyId: String, stepId: String, authId: String, reason: String, at time: Int64) -> AcceptedEvent {
        message("email_failed", messageId, journeyId: journeyId, stepId: stepId, authId: authId, at: time, extra: ["reason": .string(reason)])
    }

    /// An event about one message a run sent; `extra` adds the trigger's own attributes.
    public static func message(
        _ trigger: String, _ messageId: String, journeyId: String, stepId: String, authId: String, at time: Int64, extra: JSONObject = [:],
        eventId: String? = nil
    ) -> AcceptedEvent {
        var attributes: JSONObject = ["journeyId": .string(journeyId), "stepId": .string(stepId), "messageId": .string(messageId)]
        for member in extra { attributes[member.key] = member.value }
        return event(trigger, id: eventId ?? messageId, authId: authId, at: time, attributes: attributes)
    }

    static func event(_ trigger: String, id: String, authId: String, at time: Int64, attributes: JSONObject) -> AcceptedEvent {
        AcceptedEvent(messageId: "\(trigger):\(id)", trigger: trigger, authId: authId, timestamp: time, receivedAt: time, attributes: attributes)
    }
}
