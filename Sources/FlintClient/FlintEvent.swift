import Foundation

/// One event for a trigger, as `POST /v1/events` takes it.
///
/// Its `messageId` is fixed when the event is made, so sending it again after a lost answer is
/// safe: Flint answers `duplicate` instead of starting a journey twice.
public struct FlintEvent: Sendable, Equatable {
    /// The trigger's `name`.
    public var trigger: String
    /// Who the event is about; nil takes the client's identity (see ``FlintClient/identify(_:)``).
    public var authId: String?
    /// The idempotency key; a fresh lowercase UUID unless you pass your own.
    public var messageId: String
    /// When it happened; nil means when the event was queued.
    public var timestamp: Date?
    /// `{entityType}/{entityId}`, correlating later triggers with a journey run.
    public var bindingId: String?
    /// The trigger's attributes.
    public var attributes: [String: FlintValue]
    /// The contact's email address (profile triggers only).
    public var contactpointEmail: String?
    /// The contact's phone number (profile triggers only).
    public var contactpointPhone: String?

    /// Makes an event; every field but the trigger name is optional.
    public init(
        trigger: String, attributes: [String: FlintValue] = [:], authId: String? = nil,
        messageId: String = UUID().uuidString.lowercased(), timestamp: Date? = nil, bindingId: String? = nil,
        contactpointEmail: String? = nil, contactpointPhone: String? = nil
    ) {
        self.trigger = trigger
        self.authId = authId
        self.messageId = messageId
        self.timestamp = timestamp
        self.bindingId = bindingId
        self.attributes = attributes
        self.contactpointEmail = contactpointEmail
        self.contactpointPhone = contactpointPhone
    }
}

extension FlintEvent: Encodable {
    private enum CodingKeys: String, CodingKey {
        case trigger, authId, messageId, timestamp, bindingId, attributes
        case contactpointEmail = "contactpoint_email"
        case contactpointPhone = "contactpoint_phone"
    }

    /// Encodes the wire format of API.md; absent optional fields are left out rather than sent as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trigger, forKey: .trigger)
        try container.encodeIfPresent(authId, forKey: .authId)
        try container.encode(messageId, forKey: .messageId)
        try container.encodeIfPresent(timestamp.map(RFC3339.string(from:)), forKey: .timestamp)
        try container.encodeIfPresent(bindingId, forKey: .bindingId)
        try container.encode(attributes, forKey: .attributes)
        try container.encodeIfPresent(contactpointEmail, forKey: .contactpointEmail)
        try container.encodeIfPresent(contactpointPhone, forKey: .contactpointPhone)
    }

    /// The event as one JSON object.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
