import Testing
import FlintCore

@Suite("JourneyPaths")
struct JourneyPathsTests {
    let trigger = JourneyTriggers.wifiSignup

    func type(_ path: String) -> AttributeType?? {
        try? JourneyPaths.type(of: path, trigger: trigger).get()
    }

    func message(_ path: String) -> String {
        switch JourneyPaths.type(of: path, trigger: trigger) {
        case .success(let type):
            Issue.record("\(path) accepted as \(String(describing: type))")
            return ""
        case .failure(let error):
            #expect(error.path == path)
            return error.message
        }
    }

    @Test func triggerAttributesHaveTheirTypes() {
        #expect(type("trigger.location") == .some(.text))
        #expect(type("trigger.amount") == .some(.number))
        #expect(type("trigger.firstVisit") == .some(.boolean))
        #expect(type("trigger.signedUpAt") == .some(.datetime))
        #expect(type("trigger.order") == .some(.entityReference))
    }

    @Test func recordFieldsAndCustomerAttributesHaveUnknownTypes() {
        #expect(type("trigger.order.total") == .some(nil))
        #expect(type("trigger.order.status") == .some(nil))
        #expect(type("customer.attributes.tier") == .some(nil))
    }

    @Test(arguments: ["id", "email", "phone", "firstName", "lastName"])
    func customerFieldsAreText(field: String) {
        #expect(type("customer.\(field)") == .some(.text))
    }

    @Test func unknownTriggerAttributesListTheAttributes() {
        let text = message("trigger.colour")
        #expect(text.contains("\"colour\" is not an attribute of trigger \"wifi_signup\""))
        #expect(text.contains("location, amount, firstVisit, signedUpAt, order (entityReference)"))
    }

    @Test func onlyEntityReferencesHaveFields() {
        #expect(message("trigger.location.city").contains("only entityReference attributes have fields"))
    }

    // MARK: Paths through declared entities

    static let entities: [String: EntityDefinition] = [
        "order": EntityDefinition(name: "order", title: "Order", fields: [
            AttributeDefinition(name: "total", type: .number), AttributeDefinition(name: "status", type: .text),
            AttributeDefinition(name: "store", type: .entityReference, entity: "store"),
        ]),
        "store": EntityDefinition(name: "store", title: "Store", fields: [
            AttributeDefinition(name: "city", type: .text), AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
        ]),
    ]

    func typed(_ path: String) -> Result<AttributeType?, JourneyPaths.PathError> {
        JourneyPaths.type(of: path, schema: PathSchema(trigger: trigger, entities: { Self.entities[$0] }))
    }

    @Test func pathsThroughDeclaredEntitiesAreTypedFromTheirFields() throws {
        #expect(try typed("trigger.order.total").get() == .number)
        #expect(try typed("trigger.order.store.city").get() == .text)
        #expect(try typed("trigger.order.store").get() == .entityReference)
        // References that loop are followed, up to five records.
        #expect(try typed("trigger.order.store.order.store.order.total").get() == .number)
    }

    @Test func pathsThroughDeclaredEntitiesNameWhatIsWrong() throws {
        let unknownField = try #require(typed("trigger.order.colour").failure)
        #expect(unknownField.message.contains("\"colour\" is not a field of entity order (\"order\" points to it); its fields are total, status, store"))
        #expect(try #require(typed("trigger.order.total.cents").failure).message.contains("order.total is a number field"))
        let tooDeep = try #require(typed("trigger.order.store.order.store.order.store.city").failure)
        #expect(tooDeep.message.contains("a path follows at most 5 references"))
    }

    @Test func anUndeclaredEntityIsReadUntyped() throws {
        #expect(try typed("trigger.order.total").get() == .number)
        #expect(type("trigger.order.total.cents") == .some(nil))
    }

    @Test func recordReadsFollowEachReferenceOnce() {
        let schema = PathSchema(trigger: trigger, entities: { Self.entities[$0] })
        let reads = JourneyPaths.recordReads(
            of: ["trigger.order.store.city", "trigger.order.total", "trigger.location", "customer.email", "trigger.order.store"], schema: schema)
        #expect(reads == [
            JourneyPaths.RecordRead(prefix: "order", entity: "order"), JourneyPaths.RecordRead(prefix: "order.store", entity: "store"),
        ])
    }

    @Test(arguments: [
        "customer", "customer.nickname", "customer.attributes", "customer.attributes.a.b", "customer.id.x", "trigger",
        "event.location", "location", "", "trigger..location", "trigger.location-x", "trigger.authId",
    ])
    func refusesOtherPathsSayingWhatIsAllowed(path: String) {
        let text = message(path)
        #expect(text.contains("unknown path \"\(path)\""))
        #expect(text.contains("customer.firstName") || text.contains("is not an attribute"))
    }

    @Test func theGeneralMessageListsEveryKindOfPath() {
        let text = message("event.location")
        for expected in ["trigger.<attribute>", "location, amount", "trigger.<entityReference attribute>.<field>",
                         "customer.id", "customer.email", "customer.phone", "customer.firstName", "customer.lastName",
                         "customer.attributes.<name>"] {
            #expect(text.contains(expected), "\(expected) missing from: \(text)")
        }
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
