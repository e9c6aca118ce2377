/// An event that passed validation, normalized and ready to be stored.
public struct AcceptedEvent: Sendable, Equatable {
    /// The idempotency key: a second event with the same id is a duplicate.
    public var messageId: String
    public var trigger: String
    public var authId: String
    /// `{entityType}/{entityId}`, correlating later triggers with a journey run.
    public var bindingId: String?
    /// When it happened, in milliseconds since 1970 (the receipt time when the sender gave none).
    public var timestamp: Int64
    /// When Flint received it, in milliseconds since 1970.
    public var receivedAt: Int64
    public var attributes: JSONObject
    /// `attributes` as compact JSON, serialized once on the request's thread rather than in the writer.
    public var attributesJSON: String
    public var contactpointEmail: String?
    public var contactpointPhone: String?
    /// The sender knew only an anonymous id (a Segment `anonymousId`, kept as `authId`): the event is
    /// stored and shown, but starts and moves no journey.
    public var isAnonymous = false

    public init(
        messageId: String, trigger: String, authId: String, bindingId: String? = nil, timestamp: Int64,
        receivedAt: Int64, attributes: JSONObject, contactpointEmail: String? = nil, contactpointPhone: String? = nil
    ) {
        self.messageId = messageId
        self.trigger = trigger
        self.authId = authId
        self.bindingId = bindingId
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.attributes = attributes
        self.attributesJSON = JSONValue.object(attributes).serialized()
        self.contactpointEmail = contactpointEmail
        self.contactpointPhone = contactpointPhone
    }
}
