extension EntityDefinition {
    /// The API shape: `{"name", "title", "customerType", "fields": [...]}`, fields written as trigger attributes are.
    public var json: JSONValue {
        [
            "name": .string(name), "title": .string(title), "customerType": .string(customerType.rawValue),
            "fields": .array(fields.map(\.json)),
        ]
    }
}

extension AttributeDefinition {
    /// `{"name", "type", "required"}`, with `entity` and `description` when set.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "type": .string(type.rawValue), "required": .bool(required)]
        if let entity { object["entity"] = .string(entity) }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }
}
