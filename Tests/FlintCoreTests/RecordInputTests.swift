import FlintCore
import Testing

@Suite("RecordInput.parse")
struct RecordInputTests {
    static let order = EntityDefinition(
        name: "order", title: "Order",
        fields: [
            AttributeDefinition(name: "status", type: .text, required: true), AttributeDefinition(name: "total", type: .number),
            AttributeDefinition(name: "placedAt", type: .datetime), AttributeDefinition(name: "store", type: .entityReference, entity: "store"),
        ])

    @Test func keepsDeclaredFieldsInDeclarationOrderAndDropsNulls() throws {
        let input = try RecordInput.parse(
            ["customerId": "c-1", "fields": ["store": "s-1", "total": 12.5, "status": "placed", "placedAt": .null]], id: "o-1", entity: Self.order)
        #expect(input.customerId == "c-1")
        #expect(input.fields == ["status": "placed", "total": 12.5, "store": "s-1"])
        #expect(input.fields.keys == ["status", "total", "store"])
    }

    @Test func namesEachBadField() {
        let body: JSONValue = [
            "customerId": "c\n1", "fields": ["total": "12", "placedAt": "yesterday", "store": "", "colour": "red"], "extra": 1,
        ]
        let error = #expect(throws: FlintError.self) { try RecordInput.parse(body, id: "o-1", entity: Self.order) }
        #expect(error?.code == .validationFailed)
        #expect(Set(error?.details.map(\.field) ?? []) == [
            "customerId", "extra", "fields.status", "fields.total", "fields.placedAt", "fields.store", "fields.colour",
        ])
        #expect(error?.details.first { $0.field == "fields.colour" }?.problem == "is not a field of entity order")
        #expect(error?.details.first { $0.field == "fields.status" }?.problem == "is required")
    }

    @Test(arguments: ["", "o\u{0}1", String(repeating: "x", count: 257)])
    func refusesBadRecordIds(id: String) {
        let error = #expect(throws: FlintError.self) {
            try RecordInput.parse(["customerId": "c-1", "fields": ["status": "placed"]], id: id, entity: Self.order)
        }
        #expect(error?.details.map(\.field) == ["id"])
    }

    @Test func requiresTheCustomer() {
        let error = #expect(throws: FlintError.self) { try RecordInput.parse(["fields": ["status": "placed"]], id: "o-1", entity: Self.order) }
        #expect(error?.details == [Problem(field: "customerId", problem: "is required")])
    }
}
