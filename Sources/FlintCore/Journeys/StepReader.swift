/// The step types of API.md, and the fields each takes besides `id` and `type`.
enum StepType: String, CaseIterable {
    case branch, wait, waitForTrigger, email, sms, webhook, activateTrigger

    var fields: Set<String> {
        let own: Set<String> =
            switch self {
            case .branch: ["branches", "otherwise"]
            case .wait: ["duration", "until"]
            case .waitForTrigger: ["trigger", "timeout", "matched", "timedOut"]
            case .email: ["subject", "html", "text", "purpose"]
            case .sms: ["text", "purpose"]
            case .webhook: ["url", "method", "headers", "body"]
            case .activateTrigger: ["trigger", "attributes"]
            }
        return own.union(["id", "type"])
    }
}

/// Reads a journey's step lists, checking each step and what the whole tree must satisfy: ids unique
/// across every nested list, at most ``JourneyDefinition/maximumSteps`` steps, at most
/// ``JourneyDefinition/maximumDepth`` nested lists. Problems carry full field paths.
struct StepReader {
    /// The journey's entry trigger; template and condition paths are checked against it when known.
    let entryTrigger: TriggerDefinition?
    let entryTriggerName: String?
    /// The entry trigger with the declared entities, for typing paths; nil when the trigger is unknown.
    let schema: PathSchema?
    let triggers: (String) -> TriggerDefinition?
    var problems: [Problem] = []
    /// Every step seen, even an invalid one.
    private(set) var stepCount = 0
    /// Where each id was first used (`steps[0].otherwise[1]`), for duplicate messages.
    private var idLocations: [String: String] = [:]

    init(
        entryTrigger: TriggerDefinition?, entryTriggerName: String?, triggers: @escaping (String) -> TriggerDefinition?,
        entities: @escaping (String) -> EntityDefinition? = { _ in nil }
    ) {
        self.entryTrigger = entryTrigger
        self.schema = entryTrigger.map { PathSchema(trigger: $0, entities: entities) }
        self.entryTriggerName = entryTriggerName
        self.triggers = triggers
    }

    /// Reads a step list found at `field` (`steps`, `steps[0].otherwise`); depth 1 is the journey's own list.
    mutating func steps(_ list: [JSONValue], field: String, depth: Int) -> [Step] {
        list.enumerated().compactMap { index, item in step(item, field: "\(field)[\(index)]", depth: depth) }
    }

    /// Reads the optional step list `key` of the object `reader` reads, keeping problems in field order.
    mutating func nestedSteps(_ key: String, of reader: inout ObjectReader, depth: Int) -> [Step] {
        guard let list = reader.array(key) else { return [] }
        guard depth < JourneyDefinition.maximumDepth || list.isEmpty else {
            reader.report(key, "step lists nest at most \(JourneyDefinition.maximumDepth) deep")
            return []
        }
        let outer = problems
        problems = []
        let steps = steps(list, field: reader.path + key, depth: depth + 1)
        reader.append(problems)
        problems = outer
        return steps
    }

    private mutating func step(_ value: JSONValue, field: String, depth: Int) -> Step? {
        stepCount += 1
        guard var reader = ObjectReader(value, path: field, problems: &problems) else { return nil }
        let id = reader.string("id", required: true, maxLength: 64)
        if let id {
            if !Step.isValidID(id) {
                reader.report("id", "must match ^[A-Za-z][A-Za-z0-9_-]{0,63}$")
            } else if let first = idLocations[id] {
                reader.report("id", "\"\(id)\" is already the id of \(first); step ids are unique in the journey")
            } else {
                idLocations[id] = field
            }
        }
        let type = reader.enumeration("type", as: StepType.self, required: true)
        if let type { reader.rejectUnknownKeys(allowed: type.fields) }
        let kind: Step.Kind? =
            switch type {
            case .branch: branch(&reader, depth: depth)
            case .wait: wait(&reader)
            case .waitForTrigger: waitForTrigger(&reader, depth: depth)
            case .email: email(&reader)
            case .sms: sms(&reader)
            case .webhook: webhook(&reader)
            case .activateTrigger: activateTrigger(&reader)
            case nil: nil
            }
        problems += reader.problems
        guard let id, let kind, reader.problems.isEmpty else { return nil }
        return Step(id: id, kind: kind)
    }

    private mutating func branch(_ reader: inout ObjectReader, depth: Int) -> Step.Kind? {
        var branches: [Branch] = []
        if let list = reader.array("branches") {
            if list.isEmpty { reader.report("branches", "must have at least one branch") }
            var labels: Set<String> = []
            for (index, item) in list.enumerated() {
                var nested: [Problem] = []
                guard var arm = ObjectReader(item, path: reader.path + "branches[\(index)]", problems: &nested) else {
                    reader.append(nested)
                    continue
                }
                arm.rejectUnknownKeys(allowed: ["label", "when", "steps"])
                let label = arm.string("label", required: true, maxLength: 200)
                if let label, !labels.insert(label).inserted {
                    arm.report("label", "\"\(label)\" is already the label of another branch of this step")
                }
                var when: Condition?
                if let value = arm.object["when"], value != .null {
                    when = Condition.parse(value, field: arm.path + "when", schema: schema, problems: &nested)
                    arm.append(nested)
                } else {
                    arm.report("when", "is required")
                }
                let steps = nestedSteps("steps", of: &arm, depth: depth)
                reader.append(arm.problems)
                if let label, let when { branches.append(Branch(label: label, when: when, steps: steps)) }
            }
        } else if !reader.has("branches") {
            reader.report("branches", "is required")
        }
        let otherwise = nestedSteps("otherwise", of: &reader, depth: depth)
        return .branch(branches: branches, otherwise: otherwise)
    }

    private mutating func wait(_ reader: inout ObjectReader) -> Step.Kind? {
        switch (reader.has("duration"), reader.has("until")) {
        case (true, true):
            reader.report("until", "a wait step takes either duration or until, not both")
            return nil
        case (false, false):
            reader.report("duration", "is required: a wait step takes a duration (such as PT10M) or until (an RFC 3339 time)")
            return nil
        case (true, false):
            return duration(&reader, "duration", required: true).map { .wait(.duration($0)) }
        case (false, true):
            guard let text = reader.string("until", maxLength: 40) else { return nil }
            guard let milliseconds = RFC3339.parseMilliseconds(text) else {
                reader.report("until", "expected an RFC 3339 time such as 2026-11-26T10:00:00Z, got \"\(text)\"")
                return nil
            }
            return .wait(.until(milliseconds))
        }
    }

    private mutating func waitForTrigger(_ reader: inout ObjectReader, depth: Int) -> Step.Kind? {
        let trigger = knownTrigger(&reader, "trigger")
        let timeout = duration(&reader, "timeout", required: true)
        let matched = nestedSteps("matched", of: &reader, depth: depth)
        let timedOut = nestedSteps("timedOut", of: &reader, depth: depth)
        guard let trigger, let timeout else { return nil }
        return .waitForTrigger(trigger: trigger.name, timeout: timeout, matched: matched, timedOut: timedOut)
    }

    /// An ISO 8601 duration field.
    mutating func duration(_ reader: inout ObjectReader, _ key: String, required: Bool) -> ISODuration? {
        guard let text = reader.string(key, required: required, maxLength: 40) else { return nil }
        guard let duration = ISODuration.parse(text) else {
            reader.report(
                key,
                "expected an ISO 8601 duration such as PT10M, P1D or P1DT12H (weeks, days, hours, minutes, seconds; "
                    + "no years or months; at most 10 years), got \"\(text)\"")
            return nil
        }
        return duration
    }

    /// A required trigger name field naming a trigger that exists.
    mutating func knownTrigger(_ reader: inout ObjectReader, _ key: String) -> TriggerDefinition? {
        guard let name = reader.string(key, required: true, maxLength: 64) else { return nil }
        guard let trigger = triggers(name) else {
            reader.report(key, "trigger \"\(name)\" does not exist")
            return nil
        }
        return trigger
    }
}

extension Step {
    /// Step ids: `^[A-Za-z][A-Za-z0-9_-]{0,63}$`.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
        guard (1...64).contains(bytes.count), isLetter(bytes[0]) else { return false }
        return bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }
}
