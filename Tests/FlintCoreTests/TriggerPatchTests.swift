import Testing
import FlintCore

private let location = AttributeDefinition(name: "location", type: .text, required: true)
private let amount = AttributeDefinition(name: "amount", type: .number)
private let order = AttributeDefinition(name: "order", type: .entityReference, entity: "order")

private let current = TriggerDefinition(
    name: "wifi_signup", title: "Wi-Fi sign-up", description: "A sign-up", kind: .custom, customerType: .contact,
    eventName: "Wi-Fi Signed Up", attributes: [location, amount, order])

/// `attribute` after `change`.
private func with(_ attribute: AttributeDefinition, _ change: (inout AttributeDefinition) -> Void) -> AttributeDefinition {
    var copy = attribute
    change(&copy)
    return copy
}

@Suite("TriggerPatch")
struct TriggerPatchTests {
    func problems(_ body: JSONValue) -> [Problem] {
        do {
            let patch = try TriggerPatch.parse(body, name: "wifi_signup")
            Issue.record("accepted: \(patch)")
            return []
        } catch {
            #expect(error.code == .invalidTrigger)
            return error.details
        }
    }

    // MARK: parse

    @Test func anEmptyObjectChangesNothing() throws {
        let patch = try TriggerPatch.parse([:], name: "wifi_signup")
        #expect(patch == TriggerPatch())
        #expect(patch.applied(to: current) == current)
        #expect(patch.breakingChanges(from: current).isEmpty)
    }

    @Test func readsEveryField() throws {
        let patch = try TriggerPatch.parse([
            "name": "wifi_signup", "title": "New title", "description": "New description", "eventName": "Signed Up",
            "customerType": "lead",
            "attributes": [["name": "location", "type": "text", "required": true], ["name": "visits", "type": "number"]],
        ], name: "wifi_signup")
        #expect(patch == TriggerPatch(
            title: "New title", description: .some("New description"), eventName: .some("Signed Up"), customerType: .lead,
            attributes: [location, AttributeDefinition(name: "visits", type: .number)]))
    }

    @Test func nullClearsDescriptionAndEventNameWhileAbsenceKeepsThem() throws {
        let clearing = try TriggerPatch.parse(["description": .null, "eventName": .null], name: "wifi_signup")
        #expect(clearing.description == .some(nil))
        #expect(clearing.eventName == .some(nil))
        let cleared = clearing.applied(to: current)
        #expect(cleared.description == nil && cleared.eventName == nil)

        let keeping = try TriggerPatch.parse(["title": "Other"], name: "wifi_signup")
        #expect(keeping.description == nil && keeping.eventName == nil)
        let kept = keeping.applied(to: current)
        #expect(kept.description == "A sign-up" && kept.eventName == "Wi-Fi Signed Up" && kept.title == "Other")
    }

    @Test func refusesRenaming() {
        #expect(problems(["name": "other_name"]) == [Problem(field: "name", problem: "a trigger's name never changes")])
    }

    @Test(arguments: [
        (["kind": "custom"] as JSONValue, "kind", "is not a known field"),
        (["status": "ready"], "status", "is not a known field"),
        (["colour": "red"], "colour", "is not a known field"),
        (["title": ""], "title", "must not be empty"),
        (["title": 5], "title", "expected a string, got a number"),
        (["description": .string(String(repeating: "d", count: 2001))], "description", "at most 2000 characters"),
        (["eventName": []], "eventName", "expected a string, got an array"),
        (["customerType": "customer"], "customerType", "must be one of"),
        (["attributes": ["name": "a"]], "attributes", "expected an array, got an object"),
        (["attributes": [["name": "a", "type": "money"]]], "attributes[0].type", "must be one of"),
        (["attributes": [["name": "authId", "type": "text"]]], "attributes[0].name", "is reserved"),
        (["attributes": [["name": "a", "type": "text"], ["name": "a", "type": "text"]]], "attributes[1].name", "more than once"),
        (["attributes": [["name": "o", "type": "entityReference"]]], "attributes[0].entity", "is required"),
    ] as [(JSONValue, String, String)])
    func reportsProblems(body: JSONValue, field: String, problem: String) {
        let found = problems(body)
        #expect(found.count == 1)
        #expect(found.first?.field == field)
        #expect(found.first?.problem.contains(problem) == true, "\(found)")
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let error = try #require(throws: FlintError.self) {
            try TriggerPatch.parse(
                ["name": "renamed", "kind": "record", "title": 1, "attributes": [["name": "x", "type": "int"]]],
                name: "wifi_signup")
        }
        #expect(error.code == .invalidTrigger)
        #expect(error.details.map(\.field).sorted() == ["attributes[0].type", "kind", "name", "title"])
        #expect(error.message.contains("4 problems"))
    }

    @Test(arguments: [JSONValue.array([]), "title", .null])
    func refusesABodyThatIsNotAnObject(body: JSONValue) {
        #expect(problems(body) == [Problem(field: "body", problem: "expected an object, got \(body.typeDescription)")])
    }

    // MARK: applied(to:)

    @Test func appliesEachGivenFieldAndKeepsIdentity() {
        let visits = AttributeDefinition(name: "visits", type: .number)
        let patch = TriggerPatch(
            title: "T", description: .some("D"), eventName: .some("E"), customerType: .profile, attributes: [visits])
        let result = patch.applied(to: current)
        #expect(result == TriggerDefinition(
            name: "wifi_signup", title: "T", description: "D", kind: .custom, customerType: .profile, eventName: "E",
            attributes: [visits]))
        #expect(TriggerPatch(attributes: []).applied(to: current).attributes.isEmpty)
    }

    // MARK: breakingChanges(from:)

    @Test(arguments: [
        ("title, description and event name", TriggerPatch(title: "x", description: .some(nil), eventName: .some("y"))),
        ("the same attributes", TriggerPatch(attributes: [location, amount, order])),
        ("the same attributes reordered", TriggerPatch(attributes: [order, location, amount])),
        ("a new optional attribute",
         TriggerPatch(attributes: [location, amount, order, AttributeDefinition(name: "v", type: .boolean)])),
        ("required made optional", TriggerPatch(attributes: [with(location) { $0.required = false }, amount, order])),
        ("a new attribute description", TriggerPatch(attributes: [location, with(amount) { $0.description = "Paid" }, order])),
        ("the same customer type", TriggerPatch(customerType: .contact)),
    ])
    func findsNothingBreakingInSafeChanges(label: String, patch: TriggerPatch) {
        #expect(patch.breakingChanges(from: current).isEmpty, "\(label)")
    }

    @Test(arguments: [
        ("removing", TriggerPatch(attributes: [location, order]), "attributes.amount", "removing an attribute"),
        ("retyping", TriggerPatch(attributes: [location, with(amount) { $0.type = .text }, order]),
         "attributes.amount", "changing an attribute's type"),
        ("changing the entity", TriggerPatch(attributes: [location, amount, with(order) { $0.entity = "invoice" }]),
         "attributes.order", "changing an attribute's type"),
        ("making required", TriggerPatch(attributes: [location, with(amount) { $0.required = true }, order]),
         "attributes.amount", "making an attribute required"),
        ("a new required attribute",
         TriggerPatch(attributes: [location, amount, order, AttributeDefinition(name: "v", type: .text, required: true)]),
         "attributes.v", "a new attribute must be optional"),
        ("the customer type", TriggerPatch(customerType: .lead), "customerType", "changing the customer type"),
    ])
    func namesEachBreakingChange(label: String, patch: TriggerPatch, field: String, problem: String) {
        let found = patch.breakingChanges(from: current)
        #expect(found.count == 1, "\(label): \(found)")
        #expect(found.first?.field == field)
        #expect(found.first?.problem.contains(problem) == true)
    }

    @Test func namesEveryBreakingChangeTogether() {
        let patch = TriggerPatch(
            customerType: .profile,
            attributes: [
                with(location) { $0.type = .number }, with(amount) { $0.required = true },
                AttributeDefinition(name: "v", type: .text, required: true),
            ])
        #expect(patch.breakingChanges(from: current).map(\.field) == [
            "customerType", "attributes.location", "attributes.amount", "attributes.order", "attributes.v",
        ])
    }

    @Test func removingEveryAttributeBreaksEachOne() {
        let found = TriggerPatch(attributes: []).breakingChanges(from: current)
        #expect(found.map(\.field) == ["attributes.location", "attributes.amount", "attributes.order"])
    }

    @Test func parsedPatchFeedsBreakingChanges() throws {
        let patch = try TriggerPatch.parse(
            ["attributes": [["name": "location", "type": "text", "required": true], ["name": "amount", "type": "text"]]],
            name: "wifi_signup")
        #expect(patch.breakingChanges(from: current).map(\.field) == ["attributes.amount", "attributes.order"])
    }
}
