/// An ISO 8601 duration such as `PT10M`, `P1D` or `P1DT12H`, as a whole number of seconds.
///
/// Years and months are refused: their length depends on the calendar, and a journey's waits
/// should mean the same thing on every day.
public struct ISODuration: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var seconds: Int64
    /// The text it was written as, so definitions round-trip unchanged.
    public var text: String

    public init(seconds: Int64, text: String) {
        self.seconds = seconds
        self.text = text
    }

    public var description: String { text }

    /// Parses `PnW`, `PnDTnHnMnS` (each part optional, at least one present, whole numbers);
    /// nil for anything else, including zero-length and over 10 years.
    public static func parse(_ text: String) -> ISODuration? {
        var utf8 = Substring(text).utf8[...]
        guard utf8.popFirst() == UInt8(ascii: "P"), !utf8.isEmpty else { return nil }
        var total: Int64 = 0
        var inTime = false
        var sawPart = false
        var lastUnitRank = -1
        let units: [UInt8: (seconds: Int64, rank: Int, time: Bool)] = [
            UInt8(ascii: "W"): (604_800, 0, false), UInt8(ascii: "D"): (86_400, 1, false),
            UInt8(ascii: "H"): (3_600, 2, true), UInt8(ascii: "M"): (60, 3, true), UInt8(ascii: "S"): (1, 4, true),
        ]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                utf8.removeFirst()
                guard !utf8.isEmpty else { return nil }
                continue
            }
            var value: Int64 = 0
            var digits = 0
            while let digit = utf8.first, digit >= 0x30, digit <= 0x39 {
                value = value * 10 + Int64(digit - 0x30)
                digits += 1
                utf8.removeFirst()
                guard digits <= 9 else { return nil }
            }
            guard digits > 0, let unitByte = utf8.popFirst(), let unit = units[unitByte],
                unit.time == inTime, unit.rank > lastUnitRank
            else { return nil }
            lastUnitRank = unit.rank
            total += value * unit.seconds
            sawPart = true
        }
        guard sawPart, total > 0, total <= 10 * 366 * 86_400 else { return nil }
        return ISODuration(seconds: total, text: text)
    }
}
