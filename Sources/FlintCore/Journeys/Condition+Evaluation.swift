import Foundation

extension Condition {
    /// Whether the condition holds for a run's data; `on` compares calendar days in `timeZone`.
    ///
    /// A missing (or null) value fails every comparison except `notExists`; `all([])` holds and
    /// `any([])` does not.
    public func evaluate(_ data: JourneyData, timeZone: TimeZone) -> Bool {
        var values: [String: JSONValue]?
        return evaluate(data, timeZone: timeZone, recording: &values)
    }

    /// Evaluates the condition and also returns the values it looked at (path → value, `null` when
    /// missing), for the "condition values" of a run's trace. `all` and `any` stop at the first
    /// decisive condition, so values after it are not read or returned.
    public func evaluateReportingValues(_ data: JourneyData, timeZone: TimeZone) -> (holds: Bool, values: [String: JSONValue]) {
        var values: [String: JSONValue]? = [:]
        let result = evaluate(data, timeZone: timeZone, recording: &values)
        return (result, values ?? [:])
    }

    private func evaluate(_ data: JourneyData, timeZone: TimeZone, recording values: inout [String: JSONValue]?) -> Bool {
        switch self {
        case .compare(let path, let op, let expected):
            let actual = data.value(at: path)
            values?[path] = actual ?? .null
            return op.holds(actual: actual, expected: expected, timeZone: timeZone)
        case .all(let conditions):
            for condition in conditions where !condition.evaluate(data, timeZone: timeZone, recording: &values) {
                return false
            }
            return true
        case .any(let conditions):
            for condition in conditions where condition.evaluate(data, timeZone: timeZone, recording: &values) {
                return true
            }
            return false
        case .not(let condition):
            return !condition.evaluate(data, timeZone: timeZone, recording: &values)
        }
    }
}

extension ConditionOperator {
    /// Whether `actual <op> expected` holds. Text compares exactly and case-sensitively, numbers as
    /// `Double`, datetimes as instants; a value of the wrong JSON type never matches.
    public func holds(actual: JSONValue?, expected: JSONValue?, timeZone: TimeZone) -> Bool {
        guard let actual, actual != .null else { return self == .notExists || self == .isEmpty }
        switch self {
        case .exists: return true
        case .notExists: return false
        case .equals: return Self.scalarsEqual(actual, expected)
        case .notEquals: return !Self.scalarsEqual(actual, expected)
        case .contains, .startsWith, .endsWith:
            guard case .string(let text) = actual, case .string(let part)? = expected else { return false }
            return self == .contains ? text.contains(part) : self == .startsWith ? text.hasPrefix(part) : text.hasSuffix(part)
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard case .number(let left) = actual, case .number(let right)? = expected else { return false }
            switch self {
            case .lessThan: return left < right
            case .lessThanOrEqual: return left <= right
            case .greaterThan: return left > right
            default: return left >= right
            }
        case .isTrue: return actual == .bool(true)
        case .isFalse: return actual == .bool(false)
        case .before, .after:
            guard let left = actual.stringValue.flatMap(RFC3339.parseMilliseconds),
                let right = expected?.stringValue.flatMap(RFC3339.parseMilliseconds)
            else { return false }
            return self == .before ? left < right : left > right
        case .isEmpty, .isNotEmpty, .countEquals, .countGreaterThan, .countLessThan:
            guard case .array(let items) = actual else { return false }
            switch self {
            case .isEmpty: return items.isEmpty
            case .isNotEmpty: return !items.isEmpty
            default:
                guard case .number(let count)? = expected else { return false }
                let size = Double(items.count)
                return self == .countEquals ? size == count : self == .countGreaterThan ? size > count : size < count
            }
        case .on:
            guard let left = actual.stringValue.flatMap({ Self.calendarDay(of: $0, in: timeZone) }),
                let right = expected?.stringValue.flatMap({ Self.calendarDay(of: $0, in: timeZone) })
            else { return false }
            return left == right
        }
    }

    /// Equal strings, numbers or booleans; values of different JSON types are never equal.
    private static func scalarsEqual(_ actual: JSONValue, _ expected: JSONValue?) -> Bool {
        switch (actual, expected) {
        case (.string(let left), .string(let right)?): left == right
        case (.number(let left), .number(let right)?): left == right
        case (.bool(let left), .bool(let right)?): left == right
        default: false
        }
    }

    /// The calendar day (days since 1970-01-01) of an RFC 3339 date-time in `timeZone`, or of a
    /// full date (`2026-11-27`) as written; nil for anything else.
    static func calendarDay(of text: String, in timeZone: TimeZone) -> Int? {
        if let day = fullDate(text) { return day }
        guard let milliseconds = RFC3339.parseMilliseconds(text) else { return nil }
        let offset = Int64(timeZone.secondsFromGMT(for: Date(millisecondsSince1970: milliseconds)))
        let local = milliseconds / 1000 + offset - (milliseconds % 1000 < 0 ? 1 : 0)
        let (days, remainder) = local.quotientAndRemainder(dividingBy: 86_400)
        return Int(remainder < 0 ? days - 1 : days)
    }

    /// Days since 1970-01-01 of an RFC 3339 `full-date` (`YYYY-MM-DD`), or nil.
    static func fullDate(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...RFC3339.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return RFC3339.daysSinceEpoch(year: year, month: month, day: day)
    }
}
