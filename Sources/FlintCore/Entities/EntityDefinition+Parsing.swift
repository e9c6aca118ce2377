import Foundation

extension EntityDefinition {
    static let requestFields: Set<String> = ["title", "customerType", "fields"]

    /// Reads an entity declaration (`PUT /api/v1/entities/{name}`); throws `invalid_entity` naming every problem.
    public static func parse(_ body: JSONValue, name: String) throws(FlintError) -> EntityDefinition {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.invalidEntity, "An entity is a JSON object", details: problems)
        }
        if !TriggerDefinition.isValidName(name) {
            reader.report("name", "must match ^[a-z][a-z0-9_]{0,63}$ (lower-case letters, digits and _, starting with a letter)")
        }
        reader.rejectUnknownKeys(allowed: requestFields)
        let title = reader.string("title", required: true, maxLength: 200)
        let customerType = reader.enumeration("customerType", as: CustomerType.self) ?? .contact
        var fields: [AttributeDefinition] = []
        if let list = reader.array("fields") {
            fields = TriggerDefinition.parseAttributes(list, reader: &reader, listName: "fields", reserved: reservedFieldNames, allowsLists: true)
        }
        problems += reader.problems
        guard problems.isEmpty, let title else {
            throw FlintError(.invalidEntity, "The entity has \(TriggerDefinition.problemCount(problems))", details: problems)
        }
        return EntityDefinition(name: name, title: title, customerType: customerType, fields: fields)
    }

    /// Every change to this entity's fields that would break a journey or trigger reading them:
    /// the rules of a trigger's attributes.
    public func breakingChanges(to new: EntityDefinition) -> [Problem] {
        var problems: [Problem] = []
        if new.customerType != customerType {
            problems.append(Problem(field: "customerType", problem: "changing the customer type breaks journeys reading the entity"))
        }
        let asTrigger = TriggerDefinition(name: name, title: title, customerType: customerType, attributes: fields)
        problems += TriggerPatch(attributes: new.fields).breakingChanges(from: asTrigger).map {
            Problem(field: $0.field.replacingOccurrences(of: "attributes.", with: "fields."), problem: $0.problem)
        }
        return problems
    }
}
