import Foundation

/// One attribute value of an event: what a trigger's schema can type as text, number, boolean or
/// datetime (entity references are text).
///
/// Numbers go on the wire as JSON numbers and dates as RFC 3339 strings, so a literal such as
/// `["amount": 12.5, "firstVisit": true]` validates against the trigger as written.
public enum FlintValue: Sendable, Equatable, Hashable {
    /// Text, and the id of a referenced record.
    case string(String)
    /// A number; sent as a JSON number.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// A point in time; sent as an RFC 3339 string in UTC.
    case date(Date)
    /// An explicit JSON `null` (the same as leaving an optional attribute out).
    case null
}

extension FlintValue: Codable {
    /// Decodes a JSON value; strings stay strings, since a date cannot be told apart from text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value as the wire format expects: dates as RFC 3339 strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let bool): try container.encode(bool)
        case .date(let date): try container.encode(RFC3339.string(from: date))
        case .null: try container.encodeNil()
        }
    }
}

extension FlintValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// A text value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A number value.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number value.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// The `null` value.
    public init(nilLiteral: ()) { self = .null }
}
