/// One typed attribute of a trigger's schema.
public struct AttributeDefinition: Sendable, Equatable {
    public var name: String
    public var type: AttributeType
    public var required: Bool
    /// The entity an `entityReference` points to (`order`); nil for other types.
    public var entity: String?
    /// What the attribute means, shown in the UI and in generated code's documentation.
    public var description: String?

    public init(name: String, type: AttributeType, required: Bool = false, entity: String? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.entity = entity
        self.description = description
    }
}

extension AttributeDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case name, type, required, entity, description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(AttributeType.self, forKey: .type)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        entity = try container.decodeIfPresent(String.self, forKey: .entity)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(required, forKey: .required)
        try container.encodeIfPresent(entity, forKey: .entity)
        try container.encodeIfPresent(description, forKey: .description)
    }
}
