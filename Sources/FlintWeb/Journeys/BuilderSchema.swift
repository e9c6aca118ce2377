import FlintCore

/// What the journey builder offers, as JSON for its script: the triggers with the typed paths a
/// condition or a template can read (record fields through entity references included), the customer's
/// fields, and the operators that fit each type, taken from ``ConditionOperator`` itself, so the
/// builder offers exactly what the API accepts.
public enum BuilderSchema {
    /// Reference hops the builder lists (the API accepts up to ``PathSchema/maximumHops``; deeper paths
    /// can still be typed by hand).
    static let listedHops = 2

    public static func json(triggers: [TriggerDefinition], entities: [EntityDefinition]) -> JSONValue {
        let byName = Dictionary(entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let triggerList: [JSONValue] = triggers.sorted { $0.name < $1.name }.map { trigger in
            var paths: [JSONValue] = []
            for attribute in trigger.attributes {
                append("trigger." + attribute.name, attribute.type, entity: attribute.entity, hops: 0, into: &paths, entities: byName)
            }
            for special in ["contactpoint_email", "contactpoint_phone"] where trigger.customerType == .profile {
                paths.append(["path": .string("trigger." + special), "type": "text"])
            }
            return [
                "name": .string(trigger.name), "title": .string(trigger.title), "kind": .string(trigger.kind.rawValue),
                "paths": .array(paths),
            ]
        }
        let customer: [JSONValue] = ["id", "email", "phone", "firstName", "lastName"].map { ["path": .string("customer." + $0), "type": "text"] }
        var operators = JSONObject()
        for type in AttributeType.allCases {
            operators[type.rawValue] = .array(ConditionOperator.allCases.filter { $0.applicableTypes.contains(type) }.map { .string($0.rawValue) })
        }
        return [
            "triggers": .array(triggerList), "customer": .array(customer), "operators": .object(operators),
            "unary": .array(ConditionOperator.allCases.filter(\.isUnary).map { .string($0.rawValue) }),
        ]
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
