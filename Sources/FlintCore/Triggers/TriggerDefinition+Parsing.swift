extension TriggerDefinition {
    static let maximumAttributes = 100
    static let fields: Set<String> = ["name", "title", "description", "kind", "customerType", "eventName", "attributes"]
    static let recordFields: Set<String> = ["name", "title", "description", "kind", "entity", "on", "watchFields"]
    static let attributeFields: Set<String> = ["name", "type", "required", "entity", "description"]

    /// Reads and validates a trigger definition from a request body.
    ///
    /// Throws `invalid_trigger` naming every problem at once.
    /// `entities` looks up the entity a record trigger (`kind: "record"`) watches.
    public static func parse(_ body: JSONValue, entities: (String) -> EntityDefinition? = { _ in nil }) throws(FlintError) -> TriggerDefinition {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.invalidTrigger, "The trigger definition must be a JSON object", details: problems)
        }
        if reader.object["kind"] == .string(TriggerKind.record.rawValue) {
            return try parseRecordTrigger(&reader, entities: entities)
        }
        reader.rejectUnknownKeys(allowed: fields)
        let name = reader.string("name", required: true, maxLength: 64)
        if let name, !isValidName(name) {
            reader.report("name", "must match ^[a-z][a-z0-9_]{0,63}$ (lower-case letters, digits and _, starting with a letter)")
        }
        let title = reader.string("title", required: true, maxLength: 200)
        let description = reader.optionalText("description", maxLength: 2000)
        let kind = reader.enumeration("kind", as: TriggerKind.self) ?? .custom
        if kind == .builtin {
            reader.report("kind", "only \"custom\" and \"record\" triggers can be created; Flint defines the built-in ones")
        }
        let customerType = reader.enumeration("customerType", as: CustomerType.self, required: true)
        let eventName = reader.optionalText("eventName", maxLength: 200)
        var attributes: [AttributeDefinition] = []
        if let list = reader.array("attributes") {
            attributes = parseAttributes(list, reader: &reader)
        }
        problems += reader.problems
        guard problems.isEmpty, let name, let title, let customerType else {
            throw FlintError(.invalidTrigger, "The trigger definition has \(problemCount(problems))", details: problems)
        }
        return TriggerDefinition(
            name: name, title: title, description: description, kind: kind,
            customerType: customerType, eventName: eventName, attributes: attributes)
    }

    /// Reads an attribute list (a trigger's `attributes`, an entity's `fields`), reporting bad entries,
    /// duplicates and reserved names.
    static func parseAttributes(
        _ list: [JSONValue], reader: inout ObjectReader, listName: String = "attributes", reserved: Set<String> = reservedNames,
        allowsLists: Bool = false
    ) -> [AttributeDefinition] {
        if list.count > maximumAttributes {
            reader.report(listName, "at most \(maximumAttributes) \(listName)")
            return []
        }
        var attributes: [AttributeDefinition] = []
        var seen: Set<String> = []
        var problems: [Problem] = []
        for (index, item) in list.enumerated() {
            let path = "\(listName)[\(index)]"
            guard var attribute = ObjectReader(item, path: path, problems: &problems) else { continue }
            attribute.rejectUnknownKeys(allowed: attributeFields)
            let name = attribute.string("name", required: true, maxLength: 64)
            let type = attribute.enumeration("type", as: AttributeType.self, required: true)
            let required = attribute.bool("required") ?? false
            let entity = attribute.string("entity", maxLength: 64)
            let description = attribute.optionalText("description", maxLength: 1000)
            if let name {
                if reserved.contains(name) {
                    attribute.report("name", "\"\(name)\" is reserved; the reserved names are \(reserved.sorted().joined(separator: ", "))")
                } else if !isValidAttributeName(name) {
                    attribute.report("name", "must match ^[A-Za-z][A-Za-z0-9_]{0,63}$")
                } else if !seen.insert(name).inserted {
                    attribute.report("name", "\"\(name)\" is defined more than once")
                }
            }
            if type == .entityReferenceList, !allowsLists {
                attribute.report("type", "entityReferenceList is for entity fields; a trigger refers to one record with entityReference")
            }
            if type == .entityReference || type == .entityReferenceList {
                if entity == nil, !attribute.has("entity") {
                    attribute.report("entity", "is required for an \(type!.rawValue) attribute")
                } else if let entity, !isValidName(entity) {
                    attribute.report("entity", "must match ^[a-z][a-z0-9_]{0,63}$")
                }
            } else if type != nil, attribute.has("entity") {
                attribute.report("entity", "is only allowed on entityReference and entityReferenceList attributes")
            }
            problems += attribute.problems
            if let name, let type, attribute.problems.isEmpty {
                attributes.append(AttributeDefinition(name: name, type: type, required: required, entity: entity, description: description))
            }
        }
        reader.append(problems)
        return attributes
    }

    /// Trigger and entity names: `^[a-z][a-z0-9_]{0,63}$`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), (0x61...0x7A).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Attribute names: `^[A-Za-z][A-Za-z0-9_]{0,63}$`.
    public static func isValidAttributeName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
        guard (1...64).contains(bytes.count), isLetter(bytes[0]) else { return false }
        return bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    static func problemCount(_ problems: [Problem]) -> String {
        problems.count == 1 ? "1 problem" : "\(problems.count) problems"
    }
}
