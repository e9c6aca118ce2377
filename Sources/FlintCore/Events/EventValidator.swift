/// Checks one incoming event against its trigger's schema.
///
/// Pure and allocation-light: it runs on the request's thread for every event.
public struct EventValidator: Sendable {
    public static let maximumIdLength = 256
    /// The most record ids an `entityReferenceList` value holds.
    public static let maximumListLength = 1000
    static let fields: Set<String> = [
        "trigger", "authId", "messageId", "timestamp", "bindingId", "attributes", "contactpoint_email", "contactpoint_phone",
    ]

    public init() {}

    /// Validates `event` (already known to name `trigger`) and normalizes it.
    ///
    /// - Parameters:
    ///   - receivedAt: receipt time in milliseconds since 1970; the default `timestamp`.
    ///   - makeMessageId: generates a `messageId` when the sender gave none.
    public func validate(
        _ event: JSONObject, against trigger: TriggerDefinition, receivedAt: Int64, makeMessageId: () -> String
    ) -> EventVerdict {
        var reader = ObjectReader(event)
        reader.rejectUnknownKeys(allowed: Self.fields)
        let authId = identifier(&reader, "authId", required: true)
        let messageId = identifier(&reader, "messageId", required: false)
        let bindingId = identifier(&reader, "bindingId", required: false)
        if let bindingId, !isValidBinding(bindingId) {
            reader.report("bindingId", "must look like {entityType}/{entityId}, e.g. order/123")
        }
        var timestamp = receivedAt
        if let text = reader.string("timestamp", maxLength: 64) {
            if let parsed = RFC3339.parseMilliseconds(text) {
                timestamp = parsed
            } else {
                reader.report("timestamp", "expected an RFC 3339 time such as 2026-11-26T10:00:00Z")
            }
        }
        let email = reader.string("contactpoint_email", maxLength: 254)
        let phone = reader.string("contactpoint_phone", maxLength: 32)
        if trigger.customerType != .profile {
            for key in ["contactpoint_email", "contactpoint_phone"] where reader.has(key) {
                reader.report(key, "only profile triggers carry contact points")
            }
        } else {
            if let email, let problem = Customer.emailProblem(email) { reader.report("contactpoint_email", problem) }
            if let phone, let problem = Customer.phoneProblem(phone) { reader.report("contactpoint_phone", problem) }
        }
        var attributes = JSONObject()
        switch event["attributes"] {
        case .none, .some(.null):
            validateAttributes([:], against: trigger, into: &attributes, reader: &reader)
        case .some(.object(let values)):
            validateAttributes(values, against: trigger, into: &attributes, reader: &reader)
        case .some(let other):
            reader.report("attributes", "expected an object, got \(other.typeDescription)")
        }
        guard reader.problems.isEmpty, let authId else {
            return .rejected(
                RejectedEvent(
                    trigger: trigger.name, messageId: messageId, authId: authId, receivedAt: receivedAt,
                    problems: reader.problems, attributesJSON: event["attributes"]?.serialized()))
        }
        return .accepted(
            AcceptedEvent(
                messageId: messageId ?? makeMessageId(), trigger: trigger.name, authId: authId, bindingId: bindingId,
                timestamp: timestamp, receivedAt: receivedAt, attributes: attributes,
                contactpointEmail: trigger.customerType == .profile ? email : nil,
                contactpointPhone: trigger.customerType == .profile ? phone : nil))
    }

    private func validateAttributes(
        _ values: JSONObject, against trigger: TriggerDefinition, into attributes: inout JSONObject,
        reader: inout ObjectReader
    ) {
        attributes.reserveCapacity(min(values.count, trigger.attributes.count))
        for definition in trigger.attributes {
            // The field's name is built only for a problem: valid events are the hot path.
            guard let value = values[definition.name], value != .null else {
                if definition.required { reader.append([Problem(field: "attributes.\(definition.name)", problem: "is required")]) }
                continue
            }
            if let problem = Self.problem(with: value, for: definition.type) {
                reader.append([Problem(field: "attributes.\(definition.name)", problem: problem)])
            } else {
                attributes.appendUnchecked(key: definition.name, value: value)
            }
        }
        if values.count > attributes.count {
            for member in values where trigger.attribute(named: member.key) == nil {
                reader.append([Problem(field: "attributes.\(member.key)", problem: "is not an attribute of trigger \(trigger.name)")])
            }
        }
    }

    /// Why `value` is not a valid `type`, or nil when it is.
    public static func problem(with value: JSONValue, for type: AttributeType) -> String? {
        switch (type, value) {
        case (.text, .string), (.number, .number), (.boolean, .bool):
            return nil
        case (.datetime, .string(let text)):
            return RFC3339.parseMilliseconds(text) == nil ? "expected an RFC 3339 time such as 2026-11-26T10:00:00Z" : nil
        case (.entityReference, .string(let id)):
            if id.isEmpty { return "expected a non-empty record id" }
            return id.hasMoreScalars(than: maximumIdLength) ? "must be at most \(maximumIdLength) characters" : nil
        case (.entityReferenceList, .array(let ids)):
            if ids.count > maximumListLength { return "a list holds at most \(maximumListLength) record ids" }
            for (index, id) in ids.enumerated() {
                guard case .string(let text) = id, !text.isEmpty, !text.hasMoreScalars(than: maximumIdLength) else {
                    return "item \(index) must be a non-empty record id of at most \(maximumIdLength) characters"
                }
            }
            return nil
        case (.text, _): return "expected a string, got \(value.typeDescription)"
        case (.number, _): return "expected a number, got \(value.typeDescription)"
        case (.boolean, _): return "expected true or false, got \(value.typeDescription)"
        case (.datetime, _): return "expected an RFC 3339 time string, got \(value.typeDescription)"
        case (.entityReference, _): return "expected a record id string, got \(value.typeDescription)"
        case (.entityReferenceList, _): return "expected an array of record ids, got \(value.typeDescription)"
        }
    }

    /// A non-empty string of at most 256 characters without control characters.
    private func identifier(_ reader: inout ObjectReader, _ key: String, required: Bool) -> String? {
        guard let value = reader.string(key, required: required, maxLength: Self.maximumIdLength) else { return nil }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            reader.report(key, "must not contain control characters")
            return nil
        }
        return value
    }

    private func isValidBinding(_ binding: String) -> Bool {
        guard let slash = binding.firstIndex(of: "/") else { return false }
        return slash != binding.startIndex && binding.index(after: slash) != binding.endIndex
    }
}
