/// A change to a trigger's definition (`PATCH /api/v1/triggers/{name}`).
///
/// Title, description, event name and new optional attributes are always safe. Removing or
/// retyping an attribute, making one required, adding a required one or changing the customer type
/// breaks existing senders or journeys; ``breakingChanges(from:)`` names each such change so the
/// catalog can refuse them while a live journey uses the trigger.
public struct TriggerPatch: Sendable, Equatable {
    public var title: String?
    /// `.some(nil)` clears the description.
    public var description: String??
    public var eventName: String??
    public var customerType: CustomerType?
    /// The complete new attribute list, when given.
    public var attributes: [AttributeDefinition]?

    public init(
        title: String? = nil, description: String?? = nil, eventName: String?? = nil,
        customerType: CustomerType? = nil, attributes: [AttributeDefinition]? = nil
    ) {
        self.title = title
        self.description = description
        self.eventName = eventName
        self.customerType = customerType
        self.attributes = attributes
    }

    static let fields: Set<String> = ["name", "title", "description", "eventName", "customerType", "attributes"]

    /// Reads a patch for the trigger named `name`; throws `invalid_trigger` naming every problem.
    public static func parse(_ body: JSONValue, name: String) throws(FlintError) -> TriggerPatch {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.invalidTrigger, "The change must be a JSON object", details: problems)
        }
        reader.rejectUnknownKeys(allowed: fields)
        if let newName = reader.string("name"), newName != name {
            reader.report("name", "a trigger's name never changes")
        }
        var patch = TriggerPatch()
        patch.title = reader.string("title", maxLength: 200)
        if reader.object["description"] != nil { patch.description = .some(reader.optionalText("description", maxLength: 2000)) }
        if reader.object["eventName"] != nil { patch.eventName = .some(reader.optionalText("eventName", maxLength: 200)) }
        patch.customerType = reader.enumeration("customerType", as: CustomerType.self)
        if let list = reader.array("attributes") {
            patch.attributes = TriggerDefinition.parseAttributes(list, reader: &reader)
        }
        problems += reader.problems
        guard problems.isEmpty else {
            throw FlintError(.invalidTrigger, "The change has \(TriggerDefinition.problemCount(problems))", details: problems)
        }
        return patch
    }

    /// The definition with this patch applied.
    public func applied(to definition: TriggerDefinition) -> TriggerDefinition {
        var result = definition
        if let title { result.title = title }
        if let description { result.description = description }
        if let eventName { result.eventName = eventName }
        if let customerType { result.customerType = customerType }
        if let attributes { result.attributes = attributes }
        return result
    }

    /// Every change that could break a sender or a journey relying on the current schema.
    public func breakingChanges(from definition: TriggerDefinition) -> [Problem] {
        var problems: [Problem] = []
        if let customerType, customerType != definition.customerType {
            problems.append(Problem(field: "customerType", problem: "changing the customer type breaks journeys using the trigger"))
        }
        guard let attributes else { return problems }
        let newByName = Dictionary(attributes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for old in definition.attributes {
            guard let new = newByName[old.name] else {
                problems.append(Problem(field: "attributes.\(old.name)", problem: "removing an attribute breaks journeys using it"))
                continue
            }
            if new.type != old.type || new.entity != old.entity {
                problems.append(Problem(field: "attributes.\(old.name)", problem: "changing an attribute's type breaks journeys using it"))
            } else if new.required, !old.required {
                problems.append(Problem(field: "attributes.\(old.name)", problem: "making an attribute required breaks senders that omit it"))
            }
        }
        for new in attributes where new.required && definition.attribute(named: new.name) == nil {
            problems.append(Problem(field: "attributes.\(new.name)", problem: "a new attribute must be optional; a required one breaks existing senders"))
        }
        return problems
    }
}
