import FlintCore

/// Emits another trigger's event for a run's customer (the `activateTrigger` step), through the
/// same validated, durable ingestion path as events from outside; it may start other journeys.
struct TriggerActivator: Sendable {
    let ingestor: Ingestor
    let triggers: TriggerCatalog

    /// Converts the rendered attributes to the target trigger's types, and ingests the event
    /// with `messageId` (the step's send key), so a retry can never emit it twice.
    func activate(
        trigger: String, attributes: [String: String], run: JourneyRun, entry: RunEntry, messageId: String
    ) async -> Result<String, DeliveryError> {
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
            case .text, .datetime, .entityReference:
                values[name] = .string(text)
            }
        }
        var event: JSONObject = [
            "trigger": .string(trigger), "authId": .string(run.authId), "messageId": .string(messageId), "attributes": .object(values),
        ]
        if let binding = run.bindingId { event["bindingId"] = .string(binding) }
        if definition.customerType == .profile {
            if let email = entry.contactpointEmail { event["contactpoint_email"] = .string(email) }
            if let phone = entry.contactpointPhone { event["contactpoint_phone"] = .string(phone) }
        }
        do {
            switch try await ingestor.ingest(.object(event)) {
            case .accepted(let id): return .success("emitted \(trigger) as \(id)")
            case .duplicate(let id): return .success("\(trigger) was already emitted as \(id)")
            case .rejected(let error):
                let details = error.details.map { "\($0.field) \($0.problem)" }.joined(separator: "; ")
                return .failure(DeliveryError("\(trigger) refused the event: \(details.isEmpty ? error.message : details)", isTransient: false))
            }
        } catch {
            return .failure(DeliveryError("could not store the \(trigger) event: \(error)", isTransient: true))
        }
    }
}
