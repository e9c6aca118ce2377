import FlintCore
import FlintWeb
import Testing

@Suite("Builder schema")
struct BuilderSchemaTests {
    static let order = EntityDefinition(
        name: "order", title: "Order",
        fields: [AttributeDefinition(name: "total", type: .number), AttributeDefinition(name: "store", type: .entityReference, entity: "store")])
    static let store = EntityDefinition(
        name: "store", title: "Store",
        fields: [AttributeDefinition(name: "city", type: .text), AttributeDefinition(name: "region", type: .entityReference, entity: "region")])
    static let region = EntityDefinition(name: "region", title: "Region", fields: [AttributeDefinition(name: "name", type: .text)])

    static func paths(_ json: JSONValue) -> [String: String] {
        var found: [String: String] = [:]
        for item in json.arrayValue ?? [] { found[item["path"]!.stringValue!] = item["type"]!.stringValue! }
        return found
    }

    @Test func pathsFollowEntityReferencesTwoHops() {
        let trigger = TriggerDefinition(
            name: "purchase", title: "Purchase", customerType: .profile,
            attributes: [AttributeDefinition(name: "amount", type: .number), AttributeDefinition(name: "order", type: .entityReference, entity: "order")])
        let paths = Self.paths(BuilderSchema.paths(of: trigger, entities: [Self.order, Self.store, Self.region]))
        #expect(paths["trigger.amount"] == "number")
        #expect(paths["trigger.order"] == "entityReference")
        #expect(paths["trigger.order.total"] == "number")
        #expect(paths["trigger.order.store.city"] == "text")
        // Two hops are listed; deeper paths can be typed by hand (the API takes up to five).
        #expect(paths["trigger.order.store.region"] == "entityReference")
        #expect(paths["trigger.order.store.region.name"] == nil)
        // Profile triggers carry the contact-point fallbacks.
        #expect(paths["trigger.contactpoint_email"] == "text")
    }

    @Test func operatorsAreExactlyThoseTheAPIAcceptsForEachType() {
        let schema = BuilderSchema.json(triggerNames: ["b", "a"], selected: nil, entities: [])
        for type in AttributeType.allCases {
            let offered = Set(schema["operators"]?[type.rawValue]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let accepted = Set(ConditionOperator.allCases.filter { $0.applicableTypes.contains(type) }.map(\.rawValue))
            #expect(offered == accepted, "\(type)")
        }
        #expect(schema["operators"]?["text"]?.arrayValue?.contains("greaterThan") == false)
        let unary: [String] = schema["unary"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(unary.contains("isTrue") && !unary.contains("equals"))
        #expect(schema["triggers"] == ["b", "a"] && schema["paths"] == [])
    }
}
