import Foundation

extension JourneyDefinition {
    /// The most steps a journey may have, counting every nested list.
    public static let maximumSteps = 200
    /// How deep step lists may nest; the journey's own `steps` is depth 1.
    public static let maximumDepth = 16
    static let fields: Set<String> = [
        "name", "trigger", "entryCondition", "reentry", "exitTrigger", "timeZone", "onFailure", "steps",
    ]

    /// Reads and validates a journey definition from a request body, looking triggers up by name.
    ///
    /// Template and condition paths always refer to the entry trigger's event and the customer, so they
    /// are checked against `trigger`. Throws `invalid_journey` naming every problem with its field path
    /// (`steps[0].branches[1].when.all[0].op`).
    /// `entities` types paths through records (`trigger.order.total`) from the declared entities.
    public static func parse(
        _ body: JSONValue, triggers: (String) -> TriggerDefinition?, entities: (String) -> EntityDefinition? = { _ in nil }
    ) throws(FlintError) -> JourneyDefinition {
        let (definition, problems) = withoutActuallyEscaping(triggers) { triggers in
            withoutActuallyEscaping(entities) { entities in read(body, triggers: triggers, entities: entities) }
        }
        guard let definition, problems.isEmpty else {
            let message =
                problems.count == 1 && problems[0].field == "body"
                ? "The journey definition must be a JSON object"
                : "The journey definition has \(TriggerDefinition.problemCount(problems))"
            throw FlintError(.invalidJourney, message, details: problems)
        }
        return definition
    }

    /// The time zone `on` conditions use: the journey's own, or UTC.
    public var calendarTimeZone: TimeZone {
        timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    }

    private static func read(
        _ body: JSONValue, triggers: @escaping (String) -> TriggerDefinition?, entities: @escaping (String) -> EntityDefinition?
    ) -> (JourneyDefinition?, [Problem]) {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else { return (nil, problems) }
        reader.rejectUnknownKeys(allowed: fields)
        let name = reader.string("name", required: true, maxLength: 200)
        let triggerName = reader.string("trigger", required: true, maxLength: 64)
        var entryTrigger: TriggerDefinition?
        if let triggerName {
            entryTrigger = triggers(triggerName)
            if entryTrigger == nil { reader.report("trigger", "trigger \"\(triggerName)\" does not exist") }
        }
        var entryCondition: Condition?
        if let value = reader.object["entryCondition"], value != .null {
            var nested: [Problem] = []
            entryCondition = Condition.parse(
                value, field: "entryCondition", schema: entryTrigger.map { PathSchema(trigger: $0, entities: entities) }, problems: &nested)
            reader.append(nested)
        }
        let reentry = reentry(&reader)
        let exitTrigger = reader.string("exitTrigger", maxLength: 64)
        if let exitTrigger {
            if triggers(exitTrigger) == nil {
                reader.report("exitTrigger", "trigger \"\(exitTrigger)\" does not exist")
            } else if exitTrigger == triggerName {
                reader.report("exitTrigger", "must differ from the journey's trigger, or every run would end as it starts")
            }
        }
        let timeZone = reader.string("timeZone", maxLength: 64)
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            reader.report("timeZone", "\"\(timeZone)\" is not a known IANA time zone, such as Europe/Berlin")
        }
        let onFailure = reader.enumeration("onFailure", as: FailureRule.self) ?? .continue
        var stepReader = StepReader(entryTrigger: entryTrigger, entryTriggerName: triggerName, triggers: triggers, entities: entities)
        var steps: [Step] = []
        if let list = reader.array("steps") {
            if list.isEmpty { reader.report("steps", "must have at least one step") }
            steps = stepReader.steps(list, field: "steps", depth: 1)
            reader.append(stepReader.problems)
            if stepReader.stepCount > maximumSteps {
                reader.report(
                    "steps", "a journey has at most \(maximumSteps) steps, counting nested ones; this one has \(stepReader.stepCount)")
            }
        } else if !reader.has("steps") {
            reader.report("steps", "is required")
        }
        problems += reader.problems
        guard problems.isEmpty, let name, let triggerName else { return (nil, problems) }
        let definition = JourneyDefinition(
            name: name, trigger: triggerName, entryCondition: entryCondition, reentry: reentry, exitTrigger: exitTrigger,
            timeZone: timeZone, onFailure: onFailure, steps: steps)
        return (definition, [])
    }

    /// `"always"` (the default), `"never"`, or `{"after": "P7D"}`.
    private static func reentry(_ reader: inout ObjectReader) -> Reentry {
        let expected = "must be \"always\", \"never\" or {\"after\": \"P7D\"}"
        switch reader.object["reentry"] {
        case .none, .some(.null), .some(.string("always")):
            return .always
        case .some(.string("never")):
            return .never
        case .some(.string(let other)):
            reader.report("reentry", "\(expected), got \"\(other)\"")
        case .some(.object(let object)):
            var nested = ObjectReader(object, path: "reentry.")
            nested.rejectUnknownKeys(allowed: ["after"])
            if let text = nested.string("after", required: true, maxLength: 40) {
                if let duration = ISODuration.parse(text) {
                    reader.append(nested.problems)
                    return .after(duration)
                }
                nested.report("after", "expected an ISO 8601 duration such as P7D or PT12H, got \"\(text)\"")
            }
            reader.append(nested.problems)
        case .some(let other):
            reader.report("reentry", "\(expected), got \(other.typeDescription)")
        }
        return .always
    }
}
