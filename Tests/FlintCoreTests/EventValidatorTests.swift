import Testing
import FlintCore

/// A trigger with one attribute of every type.
private let purchase = TriggerDefinition(
    name: "purchase", title: "Purchase", customerType: .contact,
    attributes: [
        AttributeDefinition(name: "note", type: .text, required: true),
        AttributeDefinition(name: "amount", type: .number),
        AttributeDefinition(name: "gift", type: .boolean),
        AttributeDefinition(name: "deliveredAt", type: .datetime),
        AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
    ])

private let profileSignup = TriggerDefinition(name: "signup", title: "Sign-up", customerType: .profile)
private let receivedAt: Int64 = 1_795_687_200_000
private let longBinding = String(repeating: "o", count: 128) + "/" + String(repeating: "1", count: 127)

private let validAttributes: JSONObject = [
    "note": "gift wrap", "amount": 12.5, "gift": true, "deliveredAt": "2026-11-26T09:59:00+01:00", "order": "order-77",
]

@Suite("EventValidator")
struct EventValidatorTests {
    func validate(_ event: JSONObject, against trigger: TriggerDefinition = purchase) -> EventVerdict {
        EventValidator().validate(event, against: trigger, receivedAt: receivedAt, makeMessageId: { "generated-1" })
    }

    func accepted(_ event: JSONObject, against trigger: TriggerDefinition = purchase) -> AcceptedEvent? {
        if case .accepted(let accepted) = validate(event, against: trigger) { accepted } else { nil }
    }

    func rejected(_ event: JSONObject, against trigger: TriggerDefinition = purchase) -> RejectedEvent? {
        if case .rejected(let rejected) = validate(event, against: trigger) { rejected } else { nil }
    }

    /// A valid event with `changes` merged in.
    func event(_ changes: JSONObject = [:], attributes: JSONObject = validAttributes) -> JSONObject {
        var event: JSONObject = ["trigger": "purchase", "authId": "contact-123", "attributes": .object(attributes)]
        event.merge(changes)
        return event
    }

    // MARK: Accepted events

    @Test func acceptsAndNormalizesAFullEvent() throws {
        let result = try #require(accepted(event([
            "messageId": "m-1", "timestamp": "2026-11-26T11:00:00.250+01:00", "bindingId": "order/123",
        ])))
        #expect(result == AcceptedEvent(
            messageId: "m-1", trigger: "purchase", authId: "contact-123", bindingId: "order/123",
            timestamp: receivedAt + 250, receivedAt: receivedAt, attributes: validAttributes))
        #expect(result.attributesJSON
            == #"{"note":"gift wrap","amount":12.5,"gift":true,"deliveredAt":"2026-11-26T09:59:00+01:00","order":"order-77"}"#)
        #expect(result.contactpointEmail == nil && result.contactpointPhone == nil)
    }

    @Test func defaultsTimestampToReceiptAndGeneratesAMessageId() throws {
        let result = try #require(accepted(event(["timestamp": .null, "messageId": .null, "bindingId": .null])))
        #expect(result.timestamp == receivedAt)
        #expect(result.messageId == "generated-1")
        #expect(result.bindingId == nil)
    }

    @Test func generatesAMessageIdOnlyWhenNoneWasSent() {
        let record = EventValidator().validate(event(["messageId": "m-2"]), against: purchase, receivedAt: receivedAt) {
            Issue.record("generated a messageId although the event carried one")
            return "generated"
        }
        #expect(record == .accepted(AcceptedEvent(
            messageId: "m-2", trigger: "purchase", authId: "contact-123", timestamp: receivedAt, receivedAt: receivedAt,
            attributes: validAttributes)))
    }

    @Test func dropsNullAttributes() throws {
        let result = try #require(accepted(event(attributes: ["note": "n", "amount": .null, "gift": .null, "order": .null])))
        #expect(result.attributes == ["note": "n"])
        #expect(result.attributesJSON == #"{"note":"n"}"#)
    }

    @Test func acceptsMissingOrNullAttributesWhenNoneIsRequired() throws {
        let optional = TriggerDefinition(name: "ping", title: "Ping", attributes: [AttributeDefinition(name: "n", type: .number)])
        #expect(try #require(accepted(["authId": "a"], against: optional)).attributes.isEmpty)
        #expect(try #require(accepted(["authId": "a", "attributes": .null], against: optional)).attributesJSON == "{}")
    }

    @Test(arguments: ["order/1", "a/b/c", "order/ 1", longBinding])
    func acceptsBindingIds(bindingId: String) throws {
        #expect(try #require(accepted(event(["bindingId": .string(bindingId)]))).bindingId == bindingId)
    }

    @Test func acceptsIdsOfExactlyTheMaximumLength() throws {
        let id = String(repeating: "é", count: EventValidator.maximumIdLength)
        let ids: JSONObject = ["authId": .string(id), "messageId": .string(id)]
        let result = try #require(accepted(event(ids, attributes: ["note": "n", "order": .string(id)])))
        #expect(result.authId == id && result.messageId == id)
    }

    // MARK: Attribute types

    @Test(arguments: [
        ("note", JSONValue.number(5), "expected a string, got a number"),
        ("note", ["a"], "expected a string, got an array"),
        ("amount", "12", "expected a number, got a string"),
        ("amount", true, "expected a number, got a boolean"),
        ("amount", [:], "expected a number, got an object"),
        ("gift", "true", "expected true or false, got a string"),
        ("gift", 1, "expected true or false, got a number"),
        ("deliveredAt", 1_700_000_000, "expected an RFC 3339 time string, got a number"),
        ("deliveredAt", "yesterday", "expected an RFC 3339 time such as 2026-11-26T10:00:00Z"),
        ("deliveredAt", "2026-11-26 10:00:00Z", "expected an RFC 3339 time such as 2026-11-26T10:00:00Z"),
        ("order", 77, "expected a record id string, got a number"),
        ("order", "", "expected a non-empty record id"),
        ("order", .string(String(repeating: "x", count: 257)), "must be at most 256 characters"),
    ] as [(String, JSONValue, String)])
    func namesTheAttributeAndTheExpectedType(name: String, value: JSONValue, problem: String) throws {
        var attributes = validAttributes
        attributes[name] = value
        let result = try #require(rejected(event(attributes: attributes)))
        #expect(result.problems == [Problem(field: "attributes.\(name)", problem: problem)])
    }

    @Test(arguments: AttributeType.allCases)
    func acceptsOnlyTheMatchingJSONKind(type: AttributeType) {
        let samples: [JSONValue] = [.null, true, 1.5, "2026-11-26T10:00:00Z", [], [:]]
        let valid = samples.filter { EventValidator.problem(with: $0, for: type) == nil }
        switch type {
        case .text, .datetime, .entityReference: #expect(valid == ["2026-11-26T10:00:00Z"])
        case .number: #expect(valid == [1.5])
        case .boolean: #expect(valid == [true])
        case .entityReferenceList: #expect(valid == [[]])
        }
    }

    @Test func listsHoldNonEmptyRecordIds() {
        #expect(EventValidator.problem(with: ["i-1", "i-2"], for: .entityReferenceList) == nil)
        #expect(EventValidator.problem(with: ["i-1", ""], for: .entityReferenceList) == "item 1 must be a non-empty record id of at most 256 characters")
        #expect(EventValidator.problem(with: [1], for: .entityReferenceList) == "item 0 must be a non-empty record id of at most 256 characters")
        #expect(EventValidator.problem(with: .array(Array(repeating: "i", count: 1001)), for: .entityReferenceList) == "a list holds at most 1000 record ids")
    }

    @Test func requiresRequiredAttributes() throws {
        for sent in [event(attributes: ["amount": 1]), event(attributes: ["note": .null]), ["authId": "a"]] {
            let result = try #require(rejected(sent))
            #expect(result.problems == [Problem(field: "attributes.note", problem: "is required")])
        }
        #expect(try #require(rejected(["authId": "a"])).attributesJSON == nil)
    }

    @Test func refusesUnknownAttributesEvenWhenNull() throws {
        var attributes = validAttributes
        attributes["colour"] = "red"
        attributes["Note"] = .null
        let result = try #require(rejected(event(attributes: attributes)))
        #expect(result.problems == [
            Problem(field: "attributes.colour", problem: "is not an attribute of trigger purchase"),
            Problem(field: "attributes.Note", problem: "is not an attribute of trigger purchase"),
        ])
    }

    @Test(arguments: [JSONValue.array([]), "note", 3])
    func refusesAttributesThatAreNotAnObject(attributes: JSONValue) throws {
        let result = try #require(rejected(event(["attributes": attributes])))
        let problem = "expected an object, got " + attributes.typeDescription
        #expect(result.problems == [Problem(field: "attributes", problem: problem)])
        #expect(result.attributesJSON == attributes.serialized())
    }

    // MARK: Special fields

    @Test func refusesUnknownTopLevelFields() throws {
        let result = try #require(rejected(event(["properties": [:], "event": "purchase"])))
        #expect(result.problems == [
            Problem(field: "properties", problem: "is not a known field"),
            Problem(field: "event", problem: "is not a known field"),
        ])
    }

    @Test(arguments: [
        (JSONValue.null, "is required"), ("", "must not be empty"), (42, "expected a string, got a number"),
        (.string(String(repeating: "a", count: 257)), "must be at most 256 characters"),
        ("a\u{0}b", "must not contain control characters"), ("line\nbreak", "must not contain control characters"),
        ("tab\t", "must not contain control characters"), ("del\u{7F}", "must not contain control characters"),
    ] as [(JSONValue, String)])
    func validatesAuthId(authId: JSONValue, problem: String) throws {
        let result = try #require(rejected(event(["authId": authId])))
        #expect(result.problems == [Problem(field: "authId", problem: problem)])
        #expect(result.authId == nil)
    }

    @Test(arguments: [
        (JSONValue.string("order"), "must look like {entityType}/{entityId}, e.g. order/123"),
        ("/1", "must look like {entityType}/{entityId}"), ("order/", "must look like {entityType}/{entityId}"),
        ("/", "must look like"), ("", "must not be empty"), (123, "expected a string, got a number"),
        ("order/\u{1}", "must not contain control characters"),
    ] as [(JSONValue, String)])
    func validatesBindingId(bindingId: JSONValue, problem: String) throws {
        let result = try #require(rejected(event(["bindingId": bindingId])))
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.field == "bindingId")
        #expect(result.problems.first?.problem.hasPrefix(problem) == true, "\(result.problems)")
    }

    @Test(arguments: [
        (JSONValue.string("2026-11-26 10:00:00Z"), "expected an RFC 3339 time such as 2026-11-26T10:00:00Z"),
        ("2027-02-29T00:00:00Z", "expected an RFC 3339 time"), ("now", "expected an RFC 3339 time"),
        (1_795_687_200, "expected a string, got a number"), (.string(String(repeating: "9", count: 65)), "at most 64"),
    ] as [(JSONValue, String)])
    func validatesTimestamp(timestamp: JSONValue, problem: String) throws {
        let result = try #require(rejected(event(["timestamp": timestamp])))
        #expect(result.problems.map(\.field) == ["timestamp"])
        #expect(result.problems.first?.problem.contains(problem) == true, "\(result.problems)")
    }

    @Test func validatesMessageIdLikeAnIdentifier() throws {
        let result = try #require(rejected(event(["messageId": .string(String(repeating: "m", count: 257))])))
        #expect(result.problems == [Problem(field: "messageId", problem: "must be at most 256 characters")])
        #expect(result.messageId == nil)
    }

    @Test func refusesContactPointsOnNonProfileTriggers() throws {
        let contactPoints: JSONObject = ["contactpoint_email": "ann@example.com", "contactpoint_phone": "+15551234567"]
        let result = try #require(rejected(event(contactPoints)))
        #expect(result.problems == [
            Problem(field: "contactpoint_email", problem: "only profile triggers carry contact points"),
            Problem(field: "contactpoint_phone", problem: "only profile triggers carry contact points"),
        ])
    }

    @Test func keepsValidContactPointsOnProfileTriggers() throws {
        let result = try #require(accepted(
            ["authId": "p-1", "contactpoint_email": "ann@example.com", "contactpoint_phone": "+1 (555) 123-4567"],
            against: profileSignup))
        #expect(result.contactpointEmail == "ann@example.com")
        #expect(result.contactpointPhone == "+1 (555) 123-4567")
        let without = try #require(accepted(["authId": "p-1"], against: profileSignup))
        #expect(without.contactpointEmail == nil && without.contactpointPhone == nil)
    }

    @Test(arguments: [
        ("contactpoint_email", JSONValue.string("ann.example.com"), "expected an email address such as ann@example.com"),
        ("contactpoint_email", .string("ann@example.com\u{1}"), "must not contain control characters (found U+0001)"),
        ("contactpoint_email", .string("ann@exa\u{202E}mple.com"), "must not contain control characters (found U+202E)"),
        ("contactpoint_email", .string(String(repeating: "a", count: 250) + "@b.co"), "must be at most 254 characters"),
        ("contactpoint_email", 5, "expected a string, got a number"),
        ("contactpoint_phone", "555-CALL-NOW", "expected a phone number such as +15551234567"),
        ("contactpoint_phone", "1234", "expected a phone number such as +15551234567"),
        ("contactpoint_phone", "+1234567890123456", "expected a phone number such as +15551234567"),
        ("contactpoint_phone", .string("+1 " + String(repeating: "5", count: 30)), "must be at most 32 characters"),
    ] as [(String, JSONValue, String)])
    func validatesContactPointsOnProfileTriggers(field: String, value: JSONValue, problem: String) throws {
        let result = try #require(rejected(["authId": "p-1", .init(field): value], against: profileSignup))
        #expect(result.problems == [Problem(field: field, problem: problem)])
    }

    // MARK: Everything at once

    @Test func reportsEveryProblemAtOnceInTheRejectedRecord() throws {
        let attributes: JSONValue = ["amount": "12", "gift": 1, "deliveredAt": "soon", "order": "", "colour": "red"]
        let result = try #require(rejected([
            "trigger": "purchase", "messageId": "m-9", "authId": "", "bindingId": "order", "timestamp": "yesterday",
            "contactpoint_email": "ann@example.com", "extra": true, "attributes": attributes,
        ]))
        #expect(result == RejectedEvent(
            trigger: "purchase", messageId: "m-9", authId: nil, receivedAt: receivedAt,
            problems: result.problems, attributesJSON: attributes.serialized()))
        #expect(result.problems.map(\.field).sorted() == [
            "attributes.amount", "attributes.colour", "attributes.deliveredAt", "attributes.gift", "attributes.note",
            "attributes.order", "authId", "bindingId", "contactpoint_email", "extra", "timestamp",
        ])
    }

    @Test func keepsValidIdentifiersInTheRejectedRecord() throws {
        let result = try #require(rejected(event(["messageId": "m-3"], attributes: ["note": 1])))
        #expect(result.messageId == "m-3" && result.authId == "contact-123" && result.trigger == "purchase")
        #expect(result.attributesJSON == #"{"note":1}"#)
    }
}
