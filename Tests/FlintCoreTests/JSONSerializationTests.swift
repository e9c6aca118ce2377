import Testing
import FlintCore

@Suite("JSONValue.serialized()")
struct JSONSerializationTests {
    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "true"), (.bool(false), "false"),
        (.number(0), "0"), (.number(-0.0), "0"), (.number(42), "42"), (.number(-7), "-7"),
        (.number(1_000_000), "1000000"), (.number(9_007_199_254_740_991), "9007199254740991"),
        (.number(12.5), "12.5"), (.number(-0.25), "-0.25"), (.number(0.1), "0.1"),
        (.string(""), #""""#), (.string("plain"), #""plain""#), (.array([]), "[]"), (.object([:]), "{}"),
        ([1, "a", .null, [true]], #"[1,"a",null,[true]]"#),
    ] as [(JSONValue, String)])
    func writesCompactText(value: JSONValue, expected: String) {
        #expect(value.serialized() == expected)
    }

    @Test(arguments: [Double.infinity, -.infinity, .nan])
    func writesNonFiniteNumbersAsNull(number: Double) {
        #expect(JSONValue.number(number).serialized() == "null")
    }

    @Test func writesLargeAndTinyNumbersAsValidJSON() throws {
        for number in [9_007_199_254_740_992, 1e20, -1e300, 1.5e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude] as [Double] {
            let text = JSONValue.number(number).serialized()
            #expect(try JSONParser.parse(text) == .number(number), "\(text)")
        }
    }

    @Test func keepsMemberOrderAtEveryLevel() {
        let value: JSONValue = ["b": 1, "a": 2, "c": ["z": 1, "y": ["q": 0, "p": 0]], "B": 3, "_": 4]
        #expect(value.serialized() == #"{"b":1,"a":2,"c":{"z":1,"y":{"q":0,"p":0}},"B":3,"_":4}"#)
    }

    @Test func sortsKeysOfObjectsMadeFromDictionaries() {
        let dictionary: [String: JSONValue] = ["b": 1, "a": 2, "c": 3]
        #expect(JSONValue.object(JSONObject(dictionary)).serialized() == #"{"a":2,"b":1,"c":3}"#)
    }

    @Test func keepsArrayOrder() {
        #expect(JSONValue.array([3, 1, 2]).serialized() == "[3,1,2]")
    }

    @Test func objectsAreEqualWhateverTheirMemberOrder() throws {
        var first = JSONObject()
        var second = JSONObject()
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { first[key] = .string(key) }
        for key in keys.reversed() { second[key] = .string(key) }
        #expect(JSONValue.object(first) == JSONValue.object(second))
        #expect(JSONValue.object(first).serialized() != JSONValue.object(second).serialized())
        #expect(try JSONParser.parse(JSONValue.object(first).serialized()) == .object(second))
        second["key7"] = "changed"
        #expect(JSONValue.object(first) != JSONValue.object(second))
    }

    @Test(arguments: [
        ("say \"hi\"", #""say \"hi\"""#), (#"C:\dir"#, #""C:\\dir""#), ("a\nb", #""a\nb""#),
        ("a\rb", #""a\rb""#), ("a\tb", #""a\tb""#), ("\u{0}", #""\u0000""#), ("\u{08}", #""\u0008""#),
        ("\u{0C}", #""\u000c""#), ("\u{1B}", #""\u001b""#), ("\u{1F}", #""\u001f""#),
        ("<script>", #""\u003cscript\u003e""#), ("a&b", #""a\u0026b""#), ("</script>", #""\u003c/script\u003e""#),
        ("/", #""/""#), ("\u{7F}", "\"\u{7F}\""), ("é😀", "\"é😀\""), ("\u{2028}", "\"\u{2028}\""),
    ])
    func escapesStrings(string: String, expected: String) {
        #expect(JSONValue.string(string).serialized() == expected)
    }

    @Test func escapesKeysToo() {
        let value: JSONValue = ["<a>": 1, "q\"": 2, "line\n": 3]
        #expect(value.serialized() == #"{"\u003ca\u003e":1,"q\"":2,"line\n":3}"#)
    }

    @Test func neverWritesARawControlCharacter() {
        let everyControl = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let text = JSONValue.string(everyControl).serialized()
        #expect(!text.utf8.contains { $0 < 0x20 })
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
    }

    @Test func writeAppendsToTheBuffer() {
        var output = Array("prefix:".utf8)
        JSONValue.object(["a": [1, 2]]).write(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"prefix:{"a":[1,2]}"#)
    }

    @Test(arguments: [
        JSONValue.null, true, 0, -1, 12.5, 1e-9, 123_456_789.125,
        "", "text", "é", "日本語", "😀👩‍👩‍👧", "\u{0}\u{1F}\u{7F}",
        "quotes \" and \\ and / and <b>&amp;</b>", "\u{10FFFF}\u{FFFD}\u{2028}",
        [], [:], [1, [2, [3, [4]]]], ["nested": ["deep": ["deeper": [.null, false, "x"]]]],
        ["ключ": "значение", "🔑": "🔒", "": "empty key"],
    ] as [JSONValue])
    func roundTripsThroughTheParser(value: JSONValue) throws {
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    @Test func roundTripsRandomDocuments() throws {
        var generator = SeededRandomNumberGenerator(seed: 0x5EED)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = value.serialized()
            #expect(try JSONParser.parse(text) == value, "\(text)")
            #expect(try JSONParser.parse(text).serialized() == text)
        }
    }

    private static func randomValue(depth: Int, using generator: inout SeededRandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        case 3: return .number(Double.random(in: -1e12...1e12, using: &generator))
        case 4: return .string(randomString(using: &generator))
        case 5:
            let count = Int.random(in: 0...4, using: &generator)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    /// Scalars from ASCII (controls and specials included), Latin, CJK and astral planes.
    private static func randomString(using generator: inout SeededRandomNumberGenerator) -> String {
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0x7F, 0x80...0x7FF, 0x4E00...0x9FFF, 0xE000...0xFFFD, 0x1F300...0x1FAFF, 0x10000...0x10FFFF,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
