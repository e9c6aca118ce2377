/// The paths that journey conditions and templates may read, and what type each holds.
///
/// Paths always refer to the journey's entry trigger (its event, and the records its entity references
/// point to) and to the customer:
/// - `trigger.<attribute>`: an attribute of the entry trigger, of the attribute's type;
/// - `trigger.<entityReference attribute>.<field>`: a field of the referenced record, of unknown type;
/// - `customer.id`, `customer.email`, `customer.phone`, `customer.firstName`, `customer.lastName`: text;
/// - `customer.attributes.<name>`: a custom customer field, of unknown type.
public enum JourneyPaths {
    /// Why a path cannot be read, in a sentence that says what is allowed instead.
    public struct PathError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String { message }
    }

    /// The type of the value at `path` for journeys started by `trigger`: `.success(nil)` when the path
    /// is valid but its type is not known in advance (record fields, custom customer attributes).
    public static func type(of path: String, trigger: TriggerDefinition) -> Result<AttributeType?, PathError> {
        type(of: path, schema: PathSchema(trigger: trigger))
    }

    /// The type of the value at `path`, following references through the declared entities of `schema`.
    public static func type(of path: String, schema: PathSchema) -> Result<AttributeType?, PathError> {
        let trigger = schema.trigger
        if path == JourneyData.unsubscribePath { return .success(.text) }
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard Template.isValidPath(path), segments.count >= 2 else {
            return .failure(PathError(path: path, message: "unknown path \"\(path)\"; \(allowed(for: trigger))"))
        }
        switch segments[0] {
        case "trigger":
            return triggerPathType(segments, path: path, schema: schema)
        case "customer":
            if segments.count == 2, Customer.fields.contains(segments[1]) { return .success(.text) }
            if segments.count == 3, segments[1] == "attributes" { return .success(nil) }
            return .failure(PathError(
                path: path,
                message: "unknown path \"\(path)\"; a customer path is \(customerPaths.joined(separator: ", "))"))
        default:
            return .failure(PathError(path: path, message: "unknown path \"\(path)\"; \(allowed(for: trigger))"))
        }
    }

    private static func triggerPathType(
        _ segments: [String], path: String, schema: PathSchema
    ) -> Result<AttributeType?, PathError> {
        let trigger = schema.trigger
        // A record trigger's update carries the old values of changed fields and their names.
        if trigger.source != nil, segments[1] == "previous", segments.count == 3, let field = trigger.attribute(named: segments[2]) {
            return .success(field.type)
        }
        if trigger.source != nil, segments[1] == "changedFields", segments.count == 2 { return .success(nil) }
        guard let attribute = trigger.attribute(named: segments[1]) else {
            return .failure(PathError(
                path: path,
                message: "unknown path \"\(path)\": \"\(segments[1])\" is not an attribute of trigger \"\(trigger.name)\"; "
                    + attributeList(of: trigger)))
        }
        if segments.count == 2 { return .success(attribute.type) }
        guard attribute.type == .entityReference else {
            return .failure(PathError(
                path: path,
                message: "unknown path \"\(path)\": \"\(attribute.name)\" is a \(attribute.type.rawValue) attribute, "
                    + "and only entityReference attributes have fields (trigger.<attribute>.<field>)"))
        }
        return referencePathType(Array(segments.dropFirst()), path: path, attribute: attribute, schema: schema)
    }

    /// The customer paths with a fixed name, and the pattern for custom fields.
    public static var customerPaths: [String] {
        ["id", "email", "phone", "firstName", "lastName"].map { "customer.\($0)" } + ["customer.attributes.<name>"]
    }

    /// A sentence listing every kind of path allowed for `trigger`.
    static func allowed(for trigger: TriggerDefinition) -> String {
        "paths are trigger.<attribute> (\(attributeList(of: trigger))), trigger.<entityReference attribute>.<field>, "
            + customerPaths.joined(separator: ", ")
    }

    private static func attributeList(of trigger: TriggerDefinition) -> String {
        if trigger.attributes.isEmpty { return "trigger \"\(trigger.name)\" has no attributes" }
        let names = trigger.attributes.map { $0.type == .entityReference ? "\($0.name) (entityReference)" : $0.name }
        return "its attributes are " + names.joined(separator: ", ")
    }
}
