import Testing
import FlintCore

@Suite("JSONValue")
struct JSONValueTests {
    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "a boolean"), (.number(1), "a number"),
        (.string("x"), "a string"), (.array([]), "an array"), (.object([:]), "an object"),
    ])
    func describesItsType(value: JSONValue, description: String) {
        #expect(value.typeDescription == description)
    }

    @Test func accessorsReturnTheMatchingPayloadOnly() {
        let object: JSONValue = ["name": "Ann", "tags": ["a"]]
        #expect(object.objectValue?.count == 2)
        #expect(object["name"] == "Ann")
        #expect(object["name"]?.stringValue == "Ann")
        #expect(object["tags"]?.arrayValue == ["a"])
        #expect(object["missing"] == nil)
        #expect(object.stringValue == nil && object.arrayValue == nil)
        #expect(JSONValue.string("x").objectValue == nil)
        #expect(JSONValue.array([1])["key"] == nil)
    }

    @Test func literalsBuildTheExpectedCases() {
        let value: JSONValue = ["s": "x", "i": 3, "d": 2.5, "b": false, "n": nil, "a": [1]]
        #expect(value == .object([
            "s": .string("x"), "i": .number(3), "d": .number(2.5), "b": .bool(false), "n": .null, "a": .array([.number(1)]),
        ]))
    }
}
