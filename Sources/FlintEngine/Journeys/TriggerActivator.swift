import FlintCore

/// Builds another trigger's event for a run's customer (the `activateTrigger` step), validated against
/// that trigger's schema like any event from outside. The event is stored with the run's step result,
/// in the same transaction, and starts other journeys from the event log like every event.
struct TriggerActivator: Sendable {
    let triggers: TriggerCatalog
    let validator = EventValidator()

    /// Converts the rendered attributes to the target trigger's types; the event's `messageId` is the
    /// step's send key, so a retry can never emit it twice.
    func event(
        trigger: String, attributes: [String: String], run: JourneyRun, entry: RunEntry, messageId: String, at now: Int64
    ) -> Result<AcceptedEvent, DeliveryError> {
        guard let definition = triggers.definition(named: trigger) else {
            return .failure(DeliveryError("trigger \(trigger) no longer exists", isTransient: false))
        }
        var values = JSONObject()
        for name in attributes.keys.sorted() {
            let text = attributes[name]!
            guard let attribute = definition.attribute(named: name) else { continue }
            if text.isEmpty, !attribute.required { continue }
            switch attribute.type {
            case .number:
                guard let number = Double(text), number.isFinite else {
                    return .failure(DeliveryError("attribute \(name) rendered as \"\(text.prefix(50))\", not a number", isTransient: false))
                }
                values[name] = .number(number)
            case .boolean:
                guard text == "true" || text == "false" else {
                    return .failure(DeliveryError("attribute \(name) rendered as \"\(text.prefix(50))\", not true or false", isTransient: false))
                }
                values[name] = .bool(text == "true")
            case .text, .datetime, .entityReference, .entityReferenceList:
                values[name] = .string(text)
            }
        }
        var event: JSONObject = ["authId": .string(run.authId), "messageId": .string(messageId), "attributes": .object(values)]
        if let binding = run.bindingId { event["bindingId"] = .string(binding) }
        if definition.customerType == .profile {
            if let email = entry.contactpointEmail { event["contactpoint_email"] = .string(email) }
            if let phone = entry.contactpointPhone { event["contactpoint_phone"] = .string(phone) }
        }
        switch validator.validate(event, against: definition, receivedAt: now, makeMessageId: { messageId }) {
        case .accepted(let accepted):
            return .success(accepted)
        case .rejected(let rejection):
            let details = rejection.problems.map { "\($0.field) \($0.problem)" }.joined(separator: "; ")
            return .failure(DeliveryError("\(trigger) refused the event: \(details)", isTransient: false))
        }
    }
}
