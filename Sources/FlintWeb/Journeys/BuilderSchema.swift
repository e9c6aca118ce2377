import FlintCore

/// What the journey builder offers, as JSON for its script: the triggers with the typed paths a
/// condition or a template can read (record fields through entity references included), the customer's
/// fields, and the operators that fit each type, taken from ``ConditionOperator`` itself, so the
/// builder offers exactly what the API accepts.
public enum BuilderSchema {
    /// Reference hops the builder lists (the API accepts up to ``PathSchema/maximumHops``; deeper paths
    /// can still be typed by hand).
    static let listedHops = 2

    /// The schema for a journey on `selected` (nil: none chosen yet). Every trigger is listed by name
    /// only (for waits and activations); the typed paths are those of the selected trigger, and the
    /// builder asks ``paths(of:entities:)`` (`/journeys/paths/{trigger}`) when another is chosen, so the
    /// page stays small with thousands of triggers.
    public static func json(triggerNames: [String], selected: TriggerDefinition?, entities: [EntityDefinition]) -> JSONValue {
        var operators = JSONObject()
        for type in AttributeType.allCases {
            operators[type.rawValue] = .array(ConditionOperator.allCases.filter { $0.applicableTypes.contains(type) }.map { .string($0.rawValue) })
        }
        let customer: [JSONValue] = ["id", "email", "phone", "firstName", "lastName"].map { ["path": .string("customer." + $0), "type": "text"] }
        return [
            "triggers": .array(triggerNames.map(JSONValue.string)),
            "paths": selected.map { paths(of: $0, entities: entities) } ?? .array([]),
            "customer": .array(customer), "operators": .object(operators),
            "unary": .array(ConditionOperator.allCases.filter(\.isUnary).map { .string($0.rawValue) }),
        ]
    }

    /// The typed paths a condition or a template of a journey on `trigger` can read.
    public static func paths(of trigger: TriggerDefinition, entities: [EntityDefinition]) -> JSONValue {
        let byName = Dictionary(entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var paths: [JSONValue] = []
        for attribute in trigger.attributes {
            append("trigger." + attribute.name, attribute.type, entity: attribute.entity, hops: 0, into: &paths, entities: byName)
        }
        for special in ["contactpoint_email", "contactpoint_phone"] where trigger.customerType == .profile {
            paths.append(["path": .string("trigger." + special), "type": "text"])
        }
        return .array(paths)
    }

    private static func append(
        _ path: String, _ type: AttributeType, entity: String?, hops: Int, into paths: inout [JSONValue], entities: [String: EntityDefinition]
    ) {
        paths.append(["path": .string(path), "type": .string(type.rawValue)])
        guard type == .entityReference, let entity, let definition = entities[entity], hops < listedHops else { return }
        for field in definition.fields {
            append(path + "." + field.name, field.type, entity: field.entity, hops: hops + 1, into: &paths, entities: entities)
        }
    }
}
