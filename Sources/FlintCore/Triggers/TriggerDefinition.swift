/// Who a trigger's `authId` identifies.
public enum CustomerType: String, Sendable, Equatable, CaseIterable, Codable {
    case contact, lead, profile
}

/// Where a trigger's events come from.
public enum TriggerKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Sent by a website, app or backend through the ingestion API.
    case custom
    /// Fired when a record of an entity changes.
    case record
    /// Emitted by Flint itself (email opened, contact created, ...).
    case builtin
}

/// What a marketer defines: the trigger's identity and its attribute schema.
public struct TriggerDefinition: Sendable, Equatable {
    public var name: String
    public var title: String
    public var description: String?
    public var kind: TriggerKind
    public var customerType: CustomerType
    /// The event name Segment-style clients send for this trigger.
    public var eventName: String?
    public var attributes: [AttributeDefinition]
    /// For record triggers: the entity and the writes that fire it. Their attributes are the entity's fields.
    public var source: RecordTriggerSource?

    public init(
        name: String, title: String, description: String? = nil, kind: TriggerKind = .custom,
        customerType: CustomerType = .contact, eventName: String? = nil, attributes: [AttributeDefinition] = [],
        source: RecordTriggerSource? = nil
    ) {
        self.source = source
        self.name = name
        self.title = title
        self.description = description
        self.kind = kind
        self.customerType = customerType
        self.eventName = eventName
        self.attributes = attributes
    }

    /// Names an event carries besides its attributes; attributes may not take them.
    public static let reservedNames: Set<String> = [
        "authId", "contactpoint_email", "contactpoint_phone", "bindingId", "messageId", "timestamp",
    ]

    /// The special attributes events of this trigger carry: the customer, and contact points for profiles.
    public var specialAttributes: [String] {
        customerType == .profile ? ["authId", "contactpoint_email", "contactpoint_phone"] : ["authId"]
    }

    public func attribute(named name: String) -> AttributeDefinition? {
        attributes.first { $0.name == name }
    }
}
