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
        #expect(message("trigger.order.total.cents").contains("one level deep"))
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
