extension JourneyDefinition {
    /// The definition in API.md's shape; `JourneyDefinition.parse(definition.json, ...)` gives it back.
    ///
    /// Defaults are written out (`reentry`, `onFailure`) so a stored definition says what it does.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "trigger": .string(trigger)]
        if let entryCondition { object["entryCondition"] = entryCondition.json }
        object["reentry"] = reentry.json
        if let exitTrigger { object["exitTrigger"] = .string(exitTrigger) }
        if let timeZone { object["timeZone"] = .string(timeZone) }
        object["onFailure"] = .string(onFailure.rawValue)
        object["steps"] = Step.json(steps)
        return .object(object)
    }
}

extension Reentry {
    /// `"always"`, `"never"` or `{"after": "P7D"}`.
    public var json: JSONValue {
        switch self {
        case .always: "always"
        case .never: "never"
        case .after(let duration): ["after": .string(duration.text)]
        }
    }
}

extension Condition {
    /// `{"attribute", "op", "value"}` (no `value` for unary operators), `{"all"}`, `{"any"}` or `{"not"}`.
    public var json: JSONValue {
        switch self {
        case .compare(let path, let op, let value):
            var object: JSONObject = ["attribute": .string(path), "op": .string(op.rawValue)]
            if let value { object["value"] = value }
            return .object(object)
        case .all(let conditions): return ["all": .array(conditions.map(\.json))]
        case .any(let conditions): return ["any": .array(conditions.map(\.json))]
        case .not(let condition): return ["not": condition.json]
        }
    }
}
