import Foundation
import Testing
import FlintCore

@Suite("RFC3339")
struct RFC3339Tests {
    static let november26 = Int64(1_795_687_200_000)  // 2026-11-26T10:00:00Z

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0),
        ("2026-11-26T10:00:00Z", november26),
        ("2026-11-26t10:00:00z", november26),
        ("2026-11-26T10:00:00+00:00", november26),
        ("2026-11-26T10:00:00-00:00", november26),
        ("2026-11-26T12:00:00+02:00", november26),
        ("2026-11-26T04:30:00-05:30", november26),
        ("2026-11-27T09:59:00+23:59", november26),
        ("2026-01-01T00:30:00+01:00", 1_767_223_800_000),  // the previous year in UTC
        ("2026-11-26T10:00:00.1Z", november26 + 100),
        ("2026-11-26T10:00:00.12Z", november26 + 120),
        ("2026-11-26T10:00:00.123Z", november26 + 123),
        ("2026-11-26T10:00:00.1234Z", november26 + 123),
        ("2026-11-26T10:00:00.12345Z", november26 + 123),
        ("2026-11-26T10:00:00.123456Z", november26 + 123),
        ("2026-11-26T10:00:00.1234567Z", november26 + 123),
        ("2026-11-26T10:00:00.12345678Z", november26 + 123),
        ("2026-11-26T10:00:00.123456789Z", november26 + 123),
        ("2026-11-26T10:00:00.999999999Z", november26 + 999),  // truncated, never rounded into the next second
        ("2026-11-26T10:00:00.005Z", november26 + 5),
        ("2026-11-26T12:00:00.250+02:00", november26 + 250),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000),
        ("1969-12-31T23:59:59.999Z", -1),
        ("1969-07-20T20:17:40Z", -14_182_940_000),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        ("2016-12-31T23:59:60Z", 1_483_228_799_000),  // a leap second counts as :59
    ] as [(String, Int64)])
    func parsesValidTimes(text: String, milliseconds: Int64) {
        #expect(RFC3339.parseMilliseconds(text) == milliseconds)
        #expect(RFC3339.parse(text) == Date(millisecondsSince1970: milliseconds))
    }

    @Test(arguments: [
        "2027-02-29T00:00:00Z",  // not a leap year
        "1900-02-29T00:00:00Z",  // divisible by 100 but not by 400
        "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-00T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:00:61Z",
        "2026-11-26T10:00:00",  // missing zone
        "2026-11-26 10:00:00Z",  // space instead of T
        "2026-11-26T10:00:00Zjunk", "2026-11-26T10:00:00Z ", " 2026-11-26T10:00:00Z", "2026-11-26T10:00:00+02:00Z",
        "2026-11-26T10:00:00+0200",  // offset without colon
        "2026-11-26T10:00:00+02", "2026-11-26T10:00:00+2:00", "2026-11-26T10:00:00+24:00", "2026-11-26T10:00:00+02:60",
        "2026-11-26T10:00:00+", "2026-11-26T10:00:00UTC", "2026-11-26T10:00:00.Z", "2026-11-26T10:00:00,5Z",
        "2026-11-26T10:00Z", "2026-11-26", "26-11-26T10:00:00Z", "2026/11/26T10:00:00Z", "2026-1-26T10:00:00Z",
        "2026-11-26X10:00:00Z", "2026-11-26T10-00-00Z", "+2026-11-26T10:00:00Z", "２０２６-11-26T10:00:00Z",
        "", "Z", "not a time at all, not even close",
    ])
    func rejectsInvalidTimes(text: String) {
        #expect(RFC3339.parseMilliseconds(text) == nil)
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"),
        (123, "1970-01-01T00:00:00.123Z"),
        (5, "1970-01-01T00:00:00.005Z"),
        (50, "1970-01-01T00:00:00.050Z"),
        (november26, "2026-11-26T10:00:00Z"),
        (november26 + 1, "2026-11-26T10:00:00.001Z"),
        (1_709_164_800_000, "2024-02-29T00:00:00Z"),
        (1_709_251_199_999, "2024-02-29T23:59:59.999Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-500, "1969-12-31T23:59:59.500Z"),
        (-1_000, "1969-12-31T23:59:59Z"),
        (-86_400_000, "1969-12-31T00:00:00Z"),
        (-86_400_001, "1969-12-30T23:59:59.999Z"),
        (-14_182_940_000, "1969-07-20T20:17:40Z"),
        (-2_208_988_800_000, "1900-01-01T00:00:00Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ] as [(Int64, String)])
    func formatsMilliseconds(milliseconds: Int64, expected: String) {
        #expect(RFC3339.format(milliseconds: milliseconds) == expected)
    }

    @Test func formatsDates() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_687_200)) == "2026-11-26T10:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_687_200.25)) == "2026-11-26T10:00:00.250Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func parseInvertsFormatForManyInstants() {
        var generator = SeededRandomNumberGenerator(seed: 3339)
        let boundaries: [Int64] = [0, 1, -1, 999, 1_000, -999, -1_000, 951_782_400_000, -62_135_596_800_000, 253_402_300_799_999]
        let random = (0..<5_000).map { _ in Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator) }
        for milliseconds in boundaries + random {
            let text = RFC3339.format(milliseconds: milliseconds)
            #expect(RFC3339.parseMilliseconds(text) == milliseconds, "\(text)")
        }
    }

    @Test func formatAgreesWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SeededRandomNumberGenerator(seed: 1582)
        // Foundation's Gregorian calendar switches to Julian dates before October 1582.
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: -11_676_096_000...253_402_300_799, using: &generator)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
                parts.second!)
            #expect(RFC3339.format(milliseconds: seconds * 1000) == expected)
        }
    }

    @Test func dateConversionKeepsEveryMillisecond() {
        var generator = SeededRandomNumberGenerator(seed: 1970)
        let samples: [Int64] = [170_870_182_479, -447_122_651_884, 1_764_151_200_123, 1_795_687_200_001]
        let random = (0..<20_000).map { _ in Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator) }
        let failures = (samples + random).filter { Date(millisecondsSince1970: $0).millisecondsSince1970 != $0 }
        #expect(failures.count == 0, "first failures: \(failures.prefix(5))")
    }

    @Test func parseOfFormattedDateIsTheSameDate() throws {
        var generator = SeededRandomNumberGenerator(seed: 2026)
        for _ in 0..<2_000 {
            let date = Date(millisecondsSince1970: Int64.random(in: 0...4_102_444_800_000, using: &generator))
            let parsed = try #require(RFC3339.parse(RFC3339.format(date)))
            #expect(parsed.millisecondsSince1970 == date.millisecondsSince1970)
        }
    }

    @Test func millisecondsSince1970TruncatesSubMillisecondDates() {
        #expect(Date(timeIntervalSince1970: 1.2345).millisecondsSince1970 == 1_234)
        #expect(Date(timeIntervalSince1970: 1.0009).millisecondsSince1970 == 1_000)
        #expect(Date(timeIntervalSince1970: -0.0005).millisecondsSince1970 == -1)
    }
}
