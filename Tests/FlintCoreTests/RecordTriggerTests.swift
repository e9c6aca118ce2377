import FlintCore
import Testing

@Suite("Record triggers")
struct RecordTriggerTests {
    static let order = RecordInputTests.order

    static func record(_ fields: JSONObject, version: Int) -> EntityRecord {
        EntityRecord(entity: "order", id: "o-1", customerId: "c-1", fields: fields, version: version, createdAt: 1, updatedAt: 2)
    }

    @Test func aCreateCarriesTheFieldsTheCustomerAndTheRecord() throws {
        let source = RecordTriggerSource(entity: "order")
        let event = try #require(source.event(trigger: "order_placed", writing: Self.record(["status": "placed"], version: 1), over: nil, at: 5))
        #expect(event.trigger == "order_placed" && event.authId == "c-1" && event.bindingId == "order/o-1")
        #expect(event.attributes == ["status": "placed"])
        #expect(event.messageId == "order_placed:order/o-1@1")
        #expect(event.timestamp == 5 && event.receivedAt == 5)
    }

    @Test func anUpdateOfAWatchedFieldCarriesPreviousAndChangedFields() throws {
        let source = RecordTriggerSource(entity: "order", on: [.update], watchFields: ["status"])
        let before = Self.record(["status": "placed", "total": 10], version: 1)
        let after = Self.record(["status": "shipped", "total": 12], version: 2)
        let event = try #require(source.event(trigger: "order_shipped", writing: after, over: before, at: 5))
        #expect(event.attributes["previous"] == ["status": "placed", "total": 10])
        #expect(event.attributes["changedFields"] == ["status", "total"])
        #expect(event.attributes["status"] == "shipped")
        #expect(event.messageId == "order_shipped:order/o-1@2")
    }

    @Test func firesNothingForUnwatchedChangesSameValuesOrWritesItIgnores() {
        let watching = RecordTriggerSource(entity: "order", on: [.update], watchFields: ["status"])
        let before = Self.record(["status": "placed", "total": 10], version: 1)
        #expect(watching.event(trigger: "t", writing: Self.record(["status": "placed", "total": 11], version: 2), over: before, at: 5) == nil)
        let anyField = RecordTriggerSource(entity: "order", on: [.update])
        #expect(anyField.event(trigger: "t", writing: Self.record(["status": "placed", "total": 10], version: 2), over: before, at: 5) == nil)
        #expect(anyField.event(trigger: "t", writing: before, over: nil, at: 5) == nil)
        let onCreate = RecordTriggerSource(entity: "order", on: [.create])
        #expect(onCreate.event(trigger: "t", writing: Self.record(["status": "shipped"], version: 2), over: before, at: 5) == nil)
    }

    @Test func aClearedFieldCountsAsChangedToNull() throws {
        let source = RecordTriggerSource(entity: "order", on: [.update], watchFields: ["total"])
        let event = try #require(
            source.event(trigger: "t", writing: Self.record(["status": "placed"], version: 2), over: Self.record(["status": "placed", "total": 10], version: 1), at: 5))
        #expect(event.attributes["changedFields"] == ["total"])
        #expect(event.attributes["previous"] == ["total": 10])
    }

    @Test func parsesARecordTriggerFromItsEntity() throws {
        let body: JSONValue = ["name": "order_shipped", "title": "Order shipped", "kind": "record", "entity": "order", "on": ["update"], "watchFields": ["status"]]
        let definition = try TriggerDefinition.parse(body, entities: { $0 == "order" ? Self.order : nil })
        #expect(definition.kind == .record)
        #expect(definition.customerType == .contact)
        #expect(definition.attributes == Self.order.fields)
        #expect(definition.source == RecordTriggerSource(entity: "order", on: [.update], watchFields: ["status"]))
        let everything = try TriggerDefinition.parse(["name": "order_written", "title": "Written", "kind": "record", "entity": "order"], entities: { _ in Self.order })
        #expect(everything.source?.on == [.create, .update])
    }

    @Test(arguments: [
        (["entity": "shipment"], "entity", "entity \"shipment\" does not exist"),
        (["watchFields": ["colour"]], "watchFields[0]", "\"colour\" is not a field of entity order"),
        (["on": ["create"], "watchFields": ["status"]], "watchFields", "only updates watch fields"),
        (["on": ["delete"]], "on[0]", "must be \"create\" or \"update\""),
        (["on": []], "on", "must name at least one"),
        (["customerType": "lead"], "customerType", "takes its customer type and attributes from its entity"),
        (["attributes": []], "attributes", "takes its customer type and attributes from its entity"),
    ] as [(JSONObject, String, String)])
    func refusesRecordTriggersThatCannotFire(changes: JSONObject, field: String, problem: String) {
        var body: JSONObject = ["name": "order_shipped", "title": "Order shipped", "kind": "record", "entity": "order"]
        for member in changes { body[member.key] = member.value }
        let error = #expect(throws: FlintError.self) {
            try TriggerDefinition.parse(.object(body), entities: { $0 == "order" ? Self.order : nil })
        }
        #expect(error?.code == .invalidTrigger)
        #expect(error?.details.first?.field == field)
        #expect(error?.details.first?.problem.contains(problem) == true, "\(error?.details ?? [])")
    }
}
