/// Reads fields out of a JSON object and collects every problem instead of stopping at the first.
///
/// Validation errors in Flint name each bad field, so a client fixes its request in one round.
public struct ObjectReader {
    public let object: JSONObject
    /// The path prefix for problem fields (`attributes[2].`), empty at the top level.
    public let path: String
    public private(set) var problems: [Problem] = []

    public init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// Reads `value` as an object, or records that it is not one.
    public init?(_ value: JSONValue, path: String, problems: inout [Problem]) {
        guard case .object(let object) = value else {
            problems.append(Problem(field: path.isEmpty ? "body" : path, problem: "expected an object, got \(value.typeDescription)"))
            return nil
        }
        self.init(object, path: path.isEmpty ? "" : path + ".")
    }

    public mutating func report(_ key: String, _ problem: String) {
        problems.append(Problem(field: path + key, problem: problem))
    }

    /// Adds problems found by a nested reader; their fields already carry the full path.
    public mutating func append(_ nested: [Problem]) {
        problems += nested
    }

    public func has(_ key: String) -> Bool {
        if case .none = object[key] { return false }
        if case .some(.null) = object[key] { return false }
        return true
    }

    /// An optional text field where an empty (or all-whitespace) string means "none", as web forms send
    /// empty optional fields; otherwise as ``string(_:required:maxLength:)``. The length limit holds
    /// for blank text too, so the rule is one a schema can state.
    public mutating func optionalText(_ key: String, maxLength: Int = 1024) -> String? {
        if case .string(let value) = object[key], value.unicodeScalars.count <= maxLength, value.allSatisfy(\.isWhitespace) {
            return nil
        }
        return string(key, maxLength: maxLength)
    }

    /// A string field; `null` counts as absent. Problems: wrong type, empty, too long, missing.
    public mutating func string(_ key: String, required: Bool = false, maxLength: Int = 1024) -> String? {
        switch object[key] {
        case .none, .some(.null):
            if required { report(key, "is required") }
            return nil
        case .some(.string(let value)):
            if value.isEmpty {
                report(key, "must not be empty")
                return nil
            }
            if value.hasMoreScalars(than: maxLength) {
                report(key, "must be at most \(maxLength) characters")
                return nil
            }
            return value
        case .some(let other):
            report(key, "expected a string, got \(other.typeDescription)")
            return nil
        }
    }

    public mutating func bool(_ key: String) -> Bool? {
        switch object[key] {
        case .none, .some(.null): return nil
        case .some(.bool(let value)): return value
        case .some(let other):
            report(key, "expected true or false, got \(other.typeDescription)")
            return nil
        }
    }

    public mutating func number(_ key: String) -> Double? {
        switch object[key] {
        case .none, .some(.null): return nil
        case .some(.number(let value)): return value
        case .some(let other):
            report(key, "expected a number, got \(other.typeDescription)")
            return nil
        }
    }

    public mutating func array(_ key: String) -> [JSONValue]? {
        switch object[key] {
        case .none, .some(.null): return nil
        case .some(.array(let value)): return value
        case .some(let other):
            report(key, "expected an array, got \(other.typeDescription)")
            return nil
        }
    }

    /// A string field that must be one of `T`'s raw values.
    public mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let raw = string(key, required: required) else { return nil }
        guard let value = T(rawValue: raw) else {
            report(key, "must be one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(raw)\"")
            return nil
        }
        return value
    }

    /// Records a problem for every key not in `allowed`, so typos do not pass silently.
    public mutating func rejectUnknownKeys(allowed: Set<String>) {
        for member in object where !allowed.contains(member.key) {
            report(member.key, "is not a known field")
        }
    }
}
