import Testing
import FlintCore

@Suite("TriggerDefinition.parse")
struct TriggerDefinitionParsingTests {
    /// The example body from API.md.
    static let example: JSONValue = [
        "name": "wifi_signup",
        "title": "Wi-Fi sign-up",
        "description": "A customer signed up to the guest Wi-Fi",
        "customerType": "contact",
        "eventName": "Wi-Fi Signed Up",
        "attributes": [
            ["name": "location", "type": "text", "required": true],
            ["name": "amount", "type": "number"],
            ["name": "firstVisit", "type": "boolean"],
            ["name": "signedUpAt", "type": "datetime"],
            ["name": "order", "type": "entityReference", "entity": "order"],
        ],
    ]

    /// The example with `changes` merged in; `.null` values stand for a removed field.
    static func body(_ changes: JSONObject = [:], removing removed: [String] = []) -> JSONValue {
        var object = example.objectValue!
        object.merge(changes)
        for key in removed { object[key] = nil }
        return .object(object)
    }

    static func body(attributes: [JSONValue]) -> JSONValue {
        body(["attributes": .array(attributes)])
    }

    /// The problems `body` is refused with; records an issue when it is accepted.
    func problems(_ body: JSONValue) -> [Problem] {
        do {
            let definition = try TriggerDefinition.parse(body)
            Issue.record("accepted: \(definition)")
            return []
        } catch {
            #expect(error.code == .invalidTrigger)
            #expect(!error.details.isEmpty)
            return error.details
        }
    }

    @Test func parsesTheAPIExample() throws {
        let definition = try TriggerDefinition.parse(Self.example)
        #expect(definition == TriggerDefinition(
            name: "wifi_signup", title: "Wi-Fi sign-up", description: "A customer signed up to the guest Wi-Fi",
            kind: .custom, customerType: .contact, eventName: "Wi-Fi Signed Up",
            attributes: [
                AttributeDefinition(name: "location", type: .text, required: true),
                AttributeDefinition(name: "amount", type: .number, required: false),
                AttributeDefinition(name: "firstVisit", type: .boolean),
                AttributeDefinition(name: "signedUpAt", type: .datetime),
                AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
            ]))
        #expect(definition.specialAttributes == ["authId"])
        #expect(definition.attribute(named: "order")?.entity == "order")
        #expect(definition.attribute(named: "missing") == nil)
    }

    @Test func parsesAMinimalDefinition() throws {
        let definition = try TriggerDefinition.parse(["name": "a", "title": "A", "customerType": "lead"])
        #expect(definition == TriggerDefinition(name: "a", title: "A", kind: .custom, customerType: .lead))
        #expect(definition.description == nil && definition.eventName == nil && definition.attributes.isEmpty)
    }

    @Test func acceptsExplicitCustomKindNullsAndAttributeDescriptions() throws {
        let definition = try TriggerDefinition.parse(Self.body([
            "kind": "custom", "description": .null, "eventName": .null,
            "attributes": [["name": "Level_2", "type": "text", "required": false, "description": "How far", "entity": .null]],
        ]))
        #expect(definition.kind == .custom && definition.description == nil && definition.eventName == nil)
        #expect(definition.attributes == [AttributeDefinition(name: "Level_2", type: .text, description: "How far")])
    }

    @Test func profileTriggersCarryContactPoints() throws {
        let definition = try TriggerDefinition.parse(Self.body(["customerType": "profile"]))
        #expect(definition.specialAttributes == ["authId", "contactpoint_email", "contactpoint_phone"])
    }

    @Test(arguments: ["a", "wifi_signup", "x9", "a_b_c", "abc123_", String(repeating: "a", count: 64)])
    func acceptsValidNames(name: String) throws {
        #expect(TriggerDefinition.isValidName(name))
        #expect(try TriggerDefinition.parse(Self.body(["name": .string(name)])).name == name)
    }

    @Test(arguments: ["WiFi", "1abc", "_abc", "a-b", "a b", "wifi.signup", "café", "a\u{0}"])
    func rejectsNamesOutsideThePattern(name: String) {
        #expect(!TriggerDefinition.isValidName(name))
        let found = problems(Self.body(["name": .string(name)]))
        #expect(found.map(\.field) == ["name"])
        #expect(found.first?.problem.contains("^[a-z][a-z0-9_]{0,63}$") == true)
    }

    @Test(arguments: [
        (JSONValue.string(String(repeating: "a", count: 65)), "must be at most 64 characters"),
        ("", "must not be empty"), (12, "expected a string, got a number"), (.null, "is required"),
    ] as [(JSONValue, String)])
    func reportsBadNameValues(name: JSONValue, problem: String) {
        #expect(problems(Self.body(["name": name])) == [Problem(field: "name", problem: problem)])
    }

    @Test(arguments: [
        (["title"], [:], "title", "is required"),
        (["customerType"], [:], "customerType", "is required"),
        ([], ["title": ""], "title", "must not be empty"),
        ([], ["title": .string(String(repeating: "t", count: 201))], "title", "must be at most 200 characters"),
        ([], ["description": .string(String(repeating: "d", count: 2001))], "description", "must be at most 2000 characters"),
        // Blank text means no description, but only within the limit, so the rule is one a schema can state.
        ([], ["description": .string(String(repeating: " ", count: 2001))], "description", "must be at most 2000 characters"),
        ([], ["eventName": false], "eventName", "expected a string, got a boolean"),
        ([], ["customerType": "customer"], "customerType", #"must be one of "contact", "lead", "profile", got "customer""#),
        ([], ["kind": "builtin"], "kind", #"only "custom" and "record" triggers can be created"#),
        ([], ["kind": "other"], "kind", "must be one of"),
        ([], ["attributes": "location"], "attributes", "expected an array, got a string"),
        ([], ["colour": "red"], "colour", "is not a known field"),
        ([], ["status": "ready"], "status", "is not a known field"),
    ] as [([String], [String: JSONValue], String, String)])
    func reportsTopLevelProblems(removed: [String], changes: [String: JSONValue], field: String, problem: String) {
        let found = problems(Self.body(JSONObject(changes), removing: removed))
        #expect(found.count == 1)
        #expect(found.first?.field == field)
        #expect(found.first?.problem.contains(problem) == true, "\(found)")
    }

    @Test(arguments: [
        ([JSONValue.string("location")], "attributes[0]", "expected an object, got a string"),
        ([["type": "text"]], "attributes[0].name", "is required"),
        ([["name": "a"]], "attributes[0].type", "is required"),
        ([["name": "a", "type": "string"]], "attributes[0].type",
         #"must be one of "text", "number", "boolean", "datetime", "entityReference", "entityReferenceList", got "string""#),
        ([["name": "a", "type": "text", "required": "yes"]], "attributes[0].required", "expected true or false, got a string"),
        ([["name": "a", "type": "text", "requird": true]], "attributes[0].requird", "is not a known field"),
        ([["name": "first name", "type": "text"]], "attributes[0].name", "must match ^[A-Za-z][A-Za-z0-9_]{0,63}$"),
        ([["name": "1st", "type": "text"]], "attributes[0].name", "must match"),
        ([["name": .string(String(repeating: "a", count: 65)), "type": "text"]], "attributes[0].name", "at most 64"),
        ([["name": "order", "type": "entityReference"]], "attributes[0].entity", "is required for an entityReference attribute"),
        ([["name": "order", "type": "entityReference", "entity": "Order"]], "attributes[0].entity", "must match ^[a-z]"),
        ([["name": "order", "type": "entityReference", "entity": ""]], "attributes[0].entity", "must not be empty"),
        ([["name": "note", "type": "text", "entity": "order"]], "attributes[0].entity", "is only allowed on entityReference"),
        ([["name": "a", "type": "number"], ["name": "b", "type": "boolean", "entity": "x"]], "attributes[1].entity", "only"),
        ([["name": "a", "type": "text"], ["name": "a", "type": "number"]], "attributes[1].name", #""a" is defined more than"#),
    ] as [([JSONValue], String, String)])
    func reportsAttributeProblems(attributes: [JSONValue], field: String, problem: String) {
        let found = problems(Self.body(attributes: attributes))
        #expect(found.count == 1)
        #expect(found.first?.field == field)
        #expect(found.first?.problem.contains(problem) == true, "\(found)")
    }

    @Test(arguments: ["authId", "contactpoint_email", "contactpoint_phone", "bindingId", "messageId", "timestamp"])
    func refusesReservedAttributeNames(name: String) {
        let found = problems(Self.body(attributes: [["name": .string(name), "type": "text"]]))
        #expect(found.map(\.field) == ["attributes[0].name"])
        #expect(found.first?.problem.hasPrefix("\"\(name)\" is reserved") == true)
    }

    @Test func refusesMoreThanOneHundredAttributes() throws {
        let attributes = (0...100).map { JSONValue.object(["name": .string("a\($0)"), "type": "text"]) }
        #expect(problems(Self.body(attributes: attributes)) == [
            Problem(field: "attributes", problem: "at most 100 attributes")
        ])
        #expect(try TriggerDefinition.parse(Self.body(attributes: Array(attributes.prefix(100)))).attributes.count == 100)
    }

    @Test(arguments: [JSONValue.array([]), "trigger", 1, .null, true])
    func refusesABodyThatIsNotAnObject(body: JSONValue) throws {
        let error = try #require(throws: FlintError.self) { try TriggerDefinition.parse(body) }
        #expect(error.code == .invalidTrigger)
        #expect(error.details == [Problem(field: "body", problem: "expected an object, got \(body.typeDescription)")])
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let body: JSONValue = [
            "name": "Bad Name", "customerType": "customer", "kind": "builtin", "colour": "red",
            "attributes": [
                ["name": "authId", "type": "text"],
                ["name": "ok", "type": "texty"],
                ["name": "order", "type": "entityReference"],
                ["name": "note", "type": "text", "entity": "order"],
                ["name": "dup", "type": "text"],
                ["name": "dup", "type": "text"],
            ],
        ]
        let error = try #require(throws: FlintError.self) { try TriggerDefinition.parse(body) }
        #expect(error.code == .invalidTrigger)
        #expect(Set(error.details.map(\.field)) == [
            "colour", "name", "title", "kind", "customerType", "attributes[0].name", "attributes[1].type",
            "attributes[2].entity", "attributes[3].entity", "attributes[5].name",
        ])
        #expect(error.details.count == 10)
        #expect(error.message.contains("10 problems"))
    }

    @Test func countsASingleProblemInTheMessage() throws {
        let error = try #require(throws: FlintError.self) { try TriggerDefinition.parse(Self.body(removing: ["title"])) }
        #expect(error.message.contains("1 problem"))
        #expect(!error.message.contains("1 problems"))
    }

    @Test(arguments: ["a", "Z", "firstVisit", "A_1", String(repeating: "x", count: 64)])
    func acceptsValidAttributeNames(name: String) {
        #expect(TriggerDefinition.isValidAttributeName(name))
    }

    @Test(arguments: ["", "1a", "_a", "a-b", "a b", "é", "a.b", "a@", "[a", String(repeating: "x", count: 65)])
    func rejectsInvalidAttributeNames(name: String) {
        #expect(!TriggerDefinition.isValidAttributeName(name))
    }
}
