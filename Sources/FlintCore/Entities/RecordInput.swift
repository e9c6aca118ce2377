/// A record write's body (`PUT /api/v1/entities/{entity}/records/{id}`): the owning customer and the
/// whole set of fields, validated against the entity. Absent optional fields are cleared.
public struct RecordInput: Sendable, Equatable {
    public static let maximumIdLength = 256
    public var customerId: String
    public var fields: JSONObject

    public init(customerId: String, fields: JSONObject) {
        self.customerId = customerId
        self.fields = fields
    }

    /// Reads and validates the body and the path's record `id`; throws `validation_failed` naming each bad field.
    public static func parse(_ body: JSONValue, id: String, entity: EntityDefinition) throws(FlintError) -> RecordInput {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.validationFailed, "A record is a JSON object", details: problems)
        }
        if let problem = Customer.textProblem(id, maxLength: maximumIdLength) { reader.report("id", problem) }
        reader.rejectUnknownKeys(allowed: ["customerId", "fields"])
        let customerId = reader.string("customerId", required: true, maxLength: .max)
        if let customerId, let problem = Customer.textProblem(customerId, maxLength: 256) { reader.report("customerId", problem) }
        var fields = JSONObject()
        switch reader.object["fields"] {
        case .none, .some(.null):
            validate([:], against: entity, into: &fields, reader: &reader)
        case .some(.object(let values)):
            validate(values, against: entity, into: &fields, reader: &reader)
        case .some(let other):
            reader.report("fields", "expected an object, got \(other.typeDescription)")
        }
        problems += reader.problems
        guard problems.isEmpty, let customerId else {
            throw FlintError(
                .validationFailed, "The \(entity.name) record has \(TriggerDefinition.problemCount(problems))", details: problems)
        }
        return RecordInput(customerId: customerId, fields: fields)
    }

    /// Keeps the entity's fields in declaration order; every problem is named `fields.<name>`.
    private static func validate(_ values: JSONObject, against entity: EntityDefinition, into fields: inout JSONObject, reader: inout ObjectReader) {
        for definition in entity.fields {
            let field = "fields.\(definition.name)"
            guard let value = values[definition.name], value != .null else {
                if definition.required { reader.append([Problem(field: field, problem: "is required")]) }
                continue
            }
            if let problem = EventValidator.problem(with: value, for: definition.type) {
                reader.append([Problem(field: field, problem: problem)])
            } else {
                fields.appendUnchecked(key: definition.name, value: value)
            }
        }
        for member in values where entity.field(named: member.key) == nil {
            reader.append([Problem(field: "fields.\(member.key)", problem: "is not a field of entity \(entity.name)")])
        }
    }
}
