import FlintCore
import Foundation

/// A trigger as the JSON API shows it (API.md's Trigger shape). It lives at the edge, not in FlintCore:
/// the domain type does not know how any client sees it; the HTML pages render the same `Trigger` in
/// FlintWeb.
public struct TriggerPresentation: Encodable {
    public let trigger: Trigger

    public init(_ trigger: Trigger) {
        self.trigger = trigger
    }

    enum CodingKeys: String, CodingKey {
        case name, title, description, kind, customerType, eventName, attributes, specialAttributes
        case status, createdAt, verifiedAt, readyAt, eventCount, rejectedCount, lastEventAt, usedIn
        case entity, on, watchFields
    }

    /// The API's Trigger shape; absent optional values are written as `null` so clients see every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trigger.definition.name, forKey: .name)
        try container.encode(trigger.definition.title, forKey: .title)
        try container.encode(trigger.definition.description, forKey: .description)
        try container.encode(trigger.definition.kind, forKey: .kind)
        try container.encode(trigger.definition.customerType, forKey: .customerType)
        try container.encode(trigger.definition.eventName, forKey: .eventName)
        try container.encode(trigger.definition.attributes, forKey: .attributes)
        try container.encode(trigger.definition.specialAttributes, forKey: .specialAttributes)
        try container.encode(trigger.status, forKey: .status)
        try container.encode(RFC3339.format(trigger.createdAt), forKey: .createdAt)
        try container.encode(trigger.verifiedAt.map(RFC3339.format), forKey: .verifiedAt)
        try container.encode(trigger.readyAt.map(RFC3339.format), forKey: .readyAt)
        try container.encode(trigger.eventCount, forKey: .eventCount)
        try container.encode(trigger.rejectedCount, forKey: .rejectedCount)
        try container.encode(trigger.lastEventAt.map(RFC3339.format), forKey: .lastEventAt)
        try container.encode(trigger.usedIn, forKey: .usedIn)
        if let source = trigger.definition.source {
            try container.encode(source.entity, forKey: .entity)
            try container.encode(source.on, forKey: .on)
            try container.encode(source.watchFields, forKey: .watchFields)
        }
    }
}
