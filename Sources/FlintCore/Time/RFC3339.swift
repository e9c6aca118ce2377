import Foundation

/// Parses and formats RFC 3339 timestamps without `DateFormatter`, strictly and fast.
///
/// Accepted: `2026-11-26T10:00:00Z`, fractional seconds, `+hh:mm` / `-hh:mm` offsets,
/// lower-case `t` and `z`. Written: UTC with milliseconds when they are not zero.
public enum RFC3339 {
    /// The instant in milliseconds since 1970, or nil when `text` is not RFC 3339.
    public static func parseMilliseconds(_ text: String) -> Int64? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8.count <= 40 else { return nil }
        utf8.append(0)  // sentinel, so lookahead never reads past the end
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let digit = Int(utf8[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), utf8[4] == UInt8(ascii: "-"),
            let month = number(5, 2), utf8[7] == UInt8(ascii: "-"),
            let day = number(8, 2), utf8[10] | 0x20 == UInt8(ascii: "t"),
            let hour = number(11, 2), utf8[13] == UInt8(ascii: ":"),
            let minute = number(14, 2), utf8[16] == UInt8(ascii: ":"),
            let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var milliseconds = 0
        if utf8[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while utf8[index] >= 48, utf8[index] <= 57 {
                if digits < 3 { milliseconds = milliseconds * 10 + Int(utf8[index]) - 48 }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { milliseconds *= 10 }
        }
        var offsetMinutes = 0
        switch utf8[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = utf8[index] == UInt8(ascii: "-") ? -1 : 1
            guard let offsetHours = number(index + 1, 2), utf8[index + 3] == UInt8(ascii: ":"),
                let offsetMinutesPart = number(index + 4, 2), offsetHours <= 23, offsetMinutesPart <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMinutesPart)
            index += 6
        default:
            return nil
        }
        guard index == utf8.count - 1 else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(milliseconds)
    }

    /// The instant as a `Date`, or nil when `text` is not RFC 3339.
    public static func parse(_ text: String) -> Date? {
        parseMilliseconds(text).map(Date.init(millisecondsSince1970:))
    }

    /// `2026-11-26T10:00:00Z`, or `2026-11-26T10:00:00.123Z` when there are milliseconds.
    public static func format(milliseconds: Int64) -> String {
        let (daysPart, remainder) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let days = remainder < 0 ? daysPart - 1 : daysPart
        let dayMilliseconds = remainder < 0 ? remainder + 86_400_000 : remainder
        let (year, month, day) = civilDate(daysSinceEpoch: Int(days))
        let seconds = Int(dayMilliseconds / 1000)
        let millis = Int(dayMilliseconds % 1000)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if millis != 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }

    public static func format(_ date: Date) -> String {
        format(milliseconds: date.millisecondsSince1970)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil algorithm.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's civil-from-days algorithm.
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Date {
    /// Milliseconds since 1970-01-01T00:00:00Z, the unit Flint stores times in.
    public var millisecondsSince1970: Int64 {
        let milliseconds = timeIntervalSince1970 * 1000
        let nearest = milliseconds.rounded()
        // A Date keeps its seconds in a Double, so a whole millisecond can come back a hair below
        // itself (…478.99998); snap to it, and floor only instants truly between two milliseconds.
        let isWholeMillisecond = abs(milliseconds - nearest) <= max(0.001, 16 * nearest.ulp)
        return Int64(isWholeMillisecond ? nearest : milliseconds.rounded(.down))
    }

    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
