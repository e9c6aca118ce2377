import FlintCore
import Testing

@Suite("EntityDefinition.parse")
struct EntityDefinitionParsingTests {
    static let order: JSONValue = [
        "title": "Order", "customerType": "contact",
        "fields": [
            ["name": "status", "type": "text", "required": true], ["name": "total", "type": "number"],
            ["name": "placedAt", "type": "datetime"], ["name": "store", "type": "entityReference", "entity": "store"],
        ],
    ]

    @Test func parsesTheAPIExample() throws {
        let entity = try EntityDefinition.parse(Self.order, name: "order")
        #expect(entity.name == "order" && entity.title == "Order" && entity.customerType == .contact)
        #expect(entity.fields.map(\.name) == ["status", "total", "placedAt", "store"])
        #expect(entity.field(named: "store")?.entity == "store")
        #expect(entity.field(named: "status")?.required == true)
    }

    @Test func customerTypeDefaultsToContact() throws {
        #expect(try EntityDefinition.parse(["title": "Booking"], name: "booking").customerType == .contact)
    }

    @Test(arguments: ["previous", "changedFields", "authId", "bindingId", "messageId"])
    func refusesReservedFieldNames(name: String) {
        let error = #expect(throws: FlintError.self) {
            try EntityDefinition.parse(["title": "Order", "fields": [["name": .string(name), "type": "text"]]], name: "order")
        }
        #expect(error?.code == .invalidEntity)
        #expect(error?.details.map(\.field) == ["fields[0].name"])
    }

    @Test func namesEveryProblem() {
        let body: JSONValue = [
            "colour": "red", "customerType": "customer",
            "fields": [["name": "a", "type": "text"], ["name": "a", "type": "number"], ["name": "b", "type": "texty"]],
        ]
        let error = #expect(throws: FlintError.self) { try EntityDefinition.parse(body, name: "Bad Name") }
        #expect(error?.code == .invalidEntity)
        #expect(Set(error?.details.map(\.field) ?? []) == ["name", "colour", "title", "customerType", "fields[1].name", "fields[2].type"])
    }

    @Test func breakingChangesAreThoseOfTriggerAttributes() throws {
        let current = try EntityDefinition.parse(Self.order, name: "order")
        var added = current
        added.fields.append(AttributeDefinition(name: "note", type: .text))
        #expect(current.breakingChanges(to: added).isEmpty)
        var retyped = current
        retyped.fields[1] = AttributeDefinition(name: "total", type: .text)
        retyped.fields.removeLast()
        retyped.customerType = .lead
        #expect(current.breakingChanges(to: retyped).map(\.field) == ["customerType", "fields.total", "fields.store"])
    }
}
