import Foundation
import Testing
import FlintCore

@Suite("JSONParser")
struct JSONParserTests {
    /// Parses `bytes` and returns the error, recording an issue when parsing succeeds.
    private func parseError(_ bytes: [UInt8], maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes, maximumDepth: maximumDepth) }
    }

    private func parseError(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
        parseError(Array(text.utf8), maximumDepth: maximumDepth)
    }

    private func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    // MARK: Accepted input

    @Test func parsesEveryValueKindInOneDocument() throws {
        let value = try JSONParser.parse(
            #"{"n":null,"t":true,"f":false,"i":42,"d":-12.5e1,"s":"hi","a":[1,"x",[]],"o":{"k":{}}}"#)
        let expected: JSONValue = [
            "n": .null, "t": true, "f": false, "i": 42, "d": -125.0, "s": "hi",
            "a": [1, "x", .array([])], "o": ["k": .object([:])],
        ]
        #expect(value == expected)
    }

    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)),
        ("0", .number(0)), ("-0", .number(0)), ("7", .number(7)), ("-42", .number(-42)),
        ("3.25", .number(3.25)), ("-0.5", .number(-0.5)), ("1E3", .number(1000)), ("1e+2", .number(100)),
        ("25e-2", .number(0.25)), ("0.1", .number(0.1)), ("1e-999", .number(0)),
        ("1.7976931348623157e308", .number(.greatestFiniteMagnitude)), (#""""#, .string("")),
        (#""plain""#, .string("plain")), ("[]", .array([])), ("{}", .object([:])),
    ])
    func parsesTopLevelValues(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func skipsAllFourWhitespaceCharacters() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] ,\r\"b\" : { } } \n\t")
        #expect(value == ["a": [1, 2], "b": .object([:])])
    }

    @Test(arguments: ["\u{0B}1", "\u{0C}1", "\u{A0}1", "1\u{0C}"])
    func rejectsWhitespaceJSONDoesNotAllow(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test func decodesSimpleEscapes() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test(arguments: [
        (#""\u0041""#, "A"), (#""\u00e9""#, "é"), (#""\u00E9""#, "é"), (#""\u20AC""#, "€"),
        (#""\u0000""#, "\u{0}"), (#""\uD83D\uDE00""#, "😀"), (#""\ud83d\ude00""#, "😀"),
        (#""a\uD834\uDD1Eb""#, "a𝄞b"), (#""\uFFFF""#, "\u{FFFF}"),
    ])
    func decodesUnicodeEscapes(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
    }

    @Test func keepsRawUTF8WithAndWithoutEscapes() throws {
        #expect(try JSONParser.parse("\"héllo 😀 日本\"") == .string("héllo 😀 日本"))
        #expect(try JSONParser.parse("\"é\\n😀\\u00e9\"") == .string("é\n😀é"))
    }

    @Test func allowsDeleteCharacterInStrings() throws {
        #expect(try JSONParser.parse([0x22, 0x7F, 0x22]) == .string("\u{7F}"))
    }

    @Test func parsesLargeIntegersToTheNearestDouble() throws {
        #expect(try JSONParser.parse("9007199254740993") == .number(9_007_199_254_740_992))
        #expect(try JSONParser.parse("-9007199254740993") == .number(-9_007_199_254_740_992))
        #expect(try JSONParser.parse("9007199254740991") == .number(9_007_199_254_740_991))
        for text in ["9999999999999999", "12345678901234567890", "123456789012345678901234567890"] {
            #expect(try JSONParser.parse(text) == .number(try #require(Double(text))))
        }
    }

    @Test func everyEntryPointAgrees() throws {
        let text = #"{"a":[1,"é",null]}"#
        let fromString = try JSONParser.parse(text)
        #expect(try JSONParser.parse(Array(text.utf8)) == fromString)
        #expect(try JSONParser.parse(Data(text.utf8)) == fromString)
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(fromBuffer == fromString)
    }

    // MARK: Rejected input

    @Test(arguments: [
        ("", "unexpected end of input", 0), ("   ", "unexpected end of input", 3),
        ("1 2", "unexpected content after the JSON value", 2), ("{} x", "unexpected content after the JSON value", 3),
        ("[1]]", "unexpected content after the JSON value", 3), ("\"abc", "unterminated string", 0),
        ("[\"ab\\n", "unterminated string", 1), ("\"a\u{01}b\"", "control character in a string", 2),
        ("\"a\\n\u{1F}\"", "control character in a string", 4), ("\"tab\there\"", "control character in a string", 4),
        ("\"\\x\"", "invalid escape", 3), ("\"\\'\"", "invalid escape", 3), ("\"\\", "unterminated escape", 2),
        ("\"\\u12G4\"", "invalid hex digit in \\u escape", 5), ("\"\\u12\"", "unterminated \\u escape", 3),
        ("\"\\uD83D\"", "unpaired surrogate", 7), ("\"\\uD83Dx\"", "unpaired surrogate", 7),
        ("\"\\uD83D\\u0041\"", "unpaired surrogate", 13), ("\"\\uDE00\"", "unpaired surrogate", 7),
        ("\"\\uDE00\\uD83D\"", "unpaired surrogate", 7), ("01", "leading zero in a number", 1),
        ("-01", "leading zero in a number", 2), ("1.", "invalid number", 2), ("1.e5", "invalid number", 2),
        (".5", "unexpected character", 0), ("-", "invalid number", 1), ("-x", "invalid number", 1),
        ("+1", "unexpected character", 0), ("1e", "invalid number", 2), ("1e+", "invalid number", 3),
        ("0x10", "unexpected content after the JSON value", 1), ("NaN", "unexpected character", 0),
        ("-Infinity", "invalid number", 1), ("tru", "unexpected end of input", 0),
        ("trux", "unexpected character", 0), ("True", "unexpected character", 0), ("nul", "unexpected end of input", 0),
        ("'a'", "unexpected character", 0), ("[1,]", "unexpected character", 3), ("[1 2]", "expected ',' or ']'", 3),
        ("[", "unexpected end of input", 1), ("[1", "unexpected end of input", 2), ("{", "expected a string key", 1),
        ("{1:2}", "expected a string key", 1), ("{\"a\":1,}", "expected a string key", 7),
        ("{\"a\" 1}", "expected ':' after a key", 5), ("{\"a\":}", "unexpected character", 5),
        ("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7), ("{\"a\":1", "unexpected end of input", 6),
    ])
    func rejectsMalformedText(text: String, message: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.message.contains(message) == true, "got \(String(describing: error))")
        #expect(error?.offset == offset)
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // a lead byte followed by ASCII
        [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
        [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte "/"
        [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],  // overlong four-byte "/"
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // a UTF-16 surrogate encoded as UTF-8
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
        [0x22, 0x80, 0x22],  // lone continuation byte
        [0x22, 0xFF, 0x22],
        [0x22, 0xC3, 0x28, 0x5C, 0x6E, 0x22],  // invalid bytes before an escape (slow path)
        [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22],  // invalid bytes after an escape
    ] as [[UInt8]])
    func rejectsInvalidUTF8InStrings(bytes: [UInt8]) {
        let error = parseError(bytes)
        #expect(error?.message == "invalid UTF-8 in a string")
        #expect(error?.offset == 1)
    }

    @Test func rejectsInvalidUTF8OutsideStrings() {
        #expect(parseError([0xC3, 0xA9]) != nil)
        #expect(parseError([0x5B, 0x31, 0x2C, 0xFF, 0x5D]) != nil)
    }

    @Test(arguments: ["1e999", "-1e999", "1e400", String(repeating: "9", count: 400), "-" + String(repeating: "9", count: 400)])
    func rejectsNumbersOutOfRange(text: String) {
        let error = parseError("[" + text + "]")
        #expect(error?.message.contains("out of range") == true, "got \(String(describing: error))")
        #expect(error?.offset == 1)
    }

    @Test func rejectsDuplicateKeysAtTheSecondKey() {
        let error = parseError(#"{"a":1,"a":2}"#)
        #expect(error?.message == #"duplicate key "a""#)
        #expect(error?.offset == 7)
        let nested = parseError(#"{"o":{"k":1, "k":1}}"#)
        #expect(nested?.message == #"duplicate key "k""#)
        #expect(nested?.offset == 13)
    }

    @Test func keysThatDifferOnlyInEscapingAreDuplicates() {
        #expect(parseError(#"{"a":1,"\u0061":2}"#)?.message == #"duplicate key "a""#)
    }

    @Test func acceptsNestingExactlyAtTheDefaultLimit() throws {
        #expect(JSONParser.defaultMaximumDepth == 32)
        _ = try JSONParser.parse(nested(32))
        let objects = String(repeating: #"{"a":"#, count: 31) + "{}" + String(repeating: "}", count: 31)
        _ = try JSONParser.parse(objects)
    }

    @Test func rejectsNestingDeeperThanTheDefaultLimit() {
        let error = parseError(nested(33))
        #expect(error?.message == "nested deeper than 32 levels")
        #expect(error?.offset == 32)
        let objects = String(repeating: #"{"a":"#, count: 32) + "{}" + String(repeating: "}", count: 32)
        #expect(parseError(objects)?.message == "nested deeper than 32 levels")
    }

    @Test func honoursACustomMaximumDepth() throws {
        _ = try JSONParser.parse("[{\"a\":1}]", maximumDepth: 2)
        #expect(parseError("[{\"a\":[]}]", maximumDepth: 2)?.message == "nested deeper than 2 levels")
        _ = try JSONParser.parse("1", maximumDepth: 0)
        #expect(parseError("[]", maximumDepth: 0) != nil)
    }

    @Test func describesTheErrorWithItsOffset() {
        let error = JSONParseError(message: "unexpected character", offset: 7)
        #expect(error.description == "unexpected character at byte 7")
    }
}
