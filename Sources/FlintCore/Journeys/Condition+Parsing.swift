extension Condition {
    /// How deep `all`, `any` and `not` may nest.
    public static let maximumDepth = 16
    static let fields: Set<String> = ["attribute", "op", "value", "all", "any", "not"]

    /// Reads a condition found at `field` (`entryCondition`, `steps[0].branches[1].when`), recording
    /// every problem with its full field path; nil when there was any.
    ///
    /// With a `trigger`, paths are checked against it, operators against the path's type and values
    /// against the operator; without one (the journey's trigger is unknown) only the shape is checked.
    public static func parse(_ value: JSONValue, field: String, trigger: TriggerDefinition?, problems: inout [Problem]) -> Condition? {
        parse(value, field: field, schema: trigger.map { PathSchema(trigger: $0) }, depth: 1, problems: &problems)
    }

    /// As ``parse(_:field:trigger:problems:)``, with paths through records typed from `schema`'s entities.
    public static func parse(_ value: JSONValue, field: String, schema: PathSchema?, problems: inout [Problem]) -> Condition? {
        parse(value, field: field, schema: schema, depth: 1, problems: &problems)
    }

    private static func parse(
        _ value: JSONValue, field: String, schema: PathSchema?, depth: Int, problems: inout [Problem]
    ) -> Condition? {
        guard depth <= maximumDepth else {
            problems.append(Problem(field: field, problem: "conditions nest at most \(maximumDepth) deep"))
            return nil
        }
        guard var reader = ObjectReader(value, path: field, problems: &problems) else { return nil }
        reader.rejectUnknownKeys(allowed: fields)
        var forms = ["all", "any", "not"].filter { reader.object[$0] != nil }
        if ["attribute", "op", "value"].contains(where: { reader.object[$0] != nil }) { forms.insert("attribute", at: 0) }
        guard forms.count == 1 else {
            let found = forms.isEmpty ? "none" : forms.joined(separator: " and ")
            problems += reader.problems
            problems.append(Problem(
                field: field,
                problem: "a condition has exactly one form: {\"attribute\", \"op\", \"value\"}, {\"all\": [...]}, "
                    + "{\"any\": [...]} or {\"not\": condition}; found \(found)"))
            return nil
        }
        let condition: Condition?
        switch forms[0] {
        case "all", "any":
            let key = forms[0]
            var conditions: [Condition] = []
            if let list = reader.array(key) {
                var nested: [Problem] = []
                for (index, item) in list.enumerated() {
                    let child = parse(item, field: "\(field).\(key)[\(index)]", schema: schema, depth: depth + 1, problems: &nested)
                    if let child { conditions.append(child) }
                }
                reader.append(nested)
            } else if !reader.has(key) {
                reader.report(key, "expected an array of conditions, got null")
            }
            condition = key == "all" ? .all(conditions) : .any(conditions)
        case "not":
            var nested: [Problem] = []
            let inner = parse(reader.object["not"]!, field: field + ".not", schema: schema, depth: depth + 1, problems: &nested)
            reader.append(nested)
            condition = inner.map(Condition.not)
        default:
            condition = comparison(&reader, schema: schema)
        }
        problems += reader.problems
        return reader.problems.isEmpty ? condition : nil
    }

    /// Reads `{"attribute", "op", "value"}` and checks that they fit together.
    private static func comparison(_ reader: inout ObjectReader, schema: PathSchema?) -> Condition? {
        let path = reader.string("attribute", required: true, maxLength: 300)
        let op = reader.enumeration("op", as: ConditionOperator.self, required: true)
        var type: AttributeType?
        if let path, let schema {
            switch JourneyPaths.type(of: path, schema: schema) {
            case .success(let known): type = known
            case .failure(let error): reader.report("attribute", error.message)
            }
        }
        let value = reader.has("value") ? reader.object["value"] : nil
        guard let path, let op else { return nil }
        if let type, !op.applicableTypes.contains(type) {
            let fitting = ConditionOperator.allCases.filter { $0.applicableTypes.contains(type) }.map(\.rawValue)
            let name = type.rawValue
            reader.report("op", "\"\(op.rawValue)\" does not fit \(path), which is \(name); \(name) takes \(fitting.joined(separator: ", "))")
            return nil
        }
        if op.isUnary {
            if value != nil { reader.report("value", "\"\(op.rawValue)\" takes no value") }
        } else if let value {
            if let problem = ValueExpectation(op: op, type: type).problem(with: value) { reader.report("value", problem) }
        } else {
            reader.report("value", "is required for \"\(op.rawValue)\"")
        }
        return .compare(path: path, op: op, value: op.isUnary ? nil : value)
    }
}

/// The JSON type a comparison's `value` must have, decided by the operator and the path's type.
enum ValueExpectation {
    case number, text, fragment, textOrNumber, instant, instantOrDate

    init(op: ConditionOperator, type: AttributeType?) {
        switch op {
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .countEquals, .countGreaterThan, .countLessThan: self = .number
        case .contains, .startsWith, .endsWith: self = .fragment
        case .before, .after: self = .instant
        case .on: self = .instantOrDate
        default:
            switch type {
            case .number: self = .number
            case .none: self = .textOrNumber
            default: self = .text
            }
        }
    }

    /// What is wrong with `value`, or nil when it fits.
    func problem(with value: JSONValue) -> String? {
        switch (self, value) {
        case (.number, .number), (.textOrNumber, .number), (.textOrNumber, .string): return nil
        case (.text, .string): return nil
        case (.fragment, .string(let text)): return text.isEmpty ? "must not be empty" : nil
        case (.instant, .string(let text)):
            return RFC3339.parseMilliseconds(text) == nil ? "expected an RFC 3339 time such as 2026-11-26T10:00:00Z, got \"\(text)\"" : nil
        case (.instantOrDate, .string(let text)):
            let valid = RFC3339.parseMilliseconds(text) != nil || ConditionOperator.fullDate(text) != nil
            return valid ? nil : "expected a date such as 2026-11-26 or an RFC 3339 time such as 2026-11-26T10:00:00Z, got \"\(text)\""
        case (.number, _): return "expected a number, got \(value.typeDescription)"
        case (.textOrNumber, _): return "expected a string or a number, got \(value.typeDescription)"
        default: return "expected a string, got \(value.typeDescription)"
        }
    }
}
