import Foundation

extension Trigger: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, title, description, kind, customerType, eventName, attributes, specialAttributes
        case status, createdAt, verifiedAt, readyAt, eventCount, rejectedCount, lastEventAt, usedIn
        case entity, on, watchFields
    }

    /// The API's Trigger shape; absent optional values are written as `null` so clients see every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(definition.name, forKey: .name)
        try container.encode(definition.title, forKey: .title)
        try container.encode(definition.description, forKey: .description)
        try container.encode(definition.kind, forKey: .kind)
        try container.encode(definition.customerType, forKey: .customerType)
        try container.encode(definition.eventName, forKey: .eventName)
        try container.encode(definition.attributes, forKey: .attributes)
        try container.encode(definition.specialAttributes, forKey: .specialAttributes)
        try container.encode(status, forKey: .status)
        try container.encode(RFC3339.format(createdAt), forKey: .createdAt)
        try container.encode(verifiedAt.map(RFC3339.format), forKey: .verifiedAt)
        try container.encode(readyAt.map(RFC3339.format), forKey: .readyAt)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(rejectedCount, forKey: .rejectedCount)
        try container.encode(lastEventAt.map(RFC3339.format), forKey: .lastEventAt)
        try container.encode(usedIn, forKey: .usedIn)
        if let source = definition.source {
            try container.encode(source.entity, forKey: .entity)
            try container.encode(source.on, forKey: .on)
            try container.encode(source.watchFields, forKey: .watchFields)
        }
    }
}
