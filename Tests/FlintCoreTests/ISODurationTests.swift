import Testing
import FlintCore

@Suite("ISODuration")
struct ISODurationTests {
    @Test(arguments: [
        ("PT10M", Int64(600)), ("P1D", 86_400), ("P1W", 604_800), ("P2W", 1_209_600), ("P1DT12H", 129_600),
        ("PT1H30M", 5_400), ("PT45S", 45), ("P1DT1H1M1S", 90_061), ("PT36H", 129_600), ("P3650D", 315_360_000),
    ])
    func parses(text: String, seconds: Int64) throws {
        let duration = try #require(ISODuration.parse(text))
        #expect(duration.seconds == seconds)
        #expect(duration.text == text)
        #expect(duration.description == text)
    }

    @Test(arguments: [
        "", "P", "PT", "P1DT", "1D", "T1H", "P1Y", "P1M", "PT1.5H", "P1H", "PT1D", "PT10M1H", "P1D1W", "PT0S", "P0D",
        "p1d", "P-1D", "P 1D", "PT1H ", "P1DT1HT1M", "P3700D", "PT1000000000S",
    ])
    func refuses(text: String) {
        #expect(ISODuration.parse(text) == nil)
    }
}
