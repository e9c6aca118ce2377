import FlintCore
import FlintServer
import Foundation
import Testing

@Suite("Trigger presentation")
struct TriggerPresentationTests {
    func encoded(_ trigger: Trigger) throws -> JSONValue {
        try JSONParser.parse(try JSONEncoder().encode(TriggerPresentation(trigger)))
    }

    @Test func writesTheAPIShapeWithNullsForAbsentValues() throws {
        let definition = TriggerDefinition(
            name: "wifi_signup", title: "Wi-Fi sign-up", customerType: .contact,
            attributes: [AttributeDefinition(name: "location", type: .text)])
        let created = Date(millisecondsSince1970: 1_795_687_200_123)
        let json = try encoded(Trigger(definition: definition, status: .awaitingIntegration, createdAt: created))
        #expect(json == [
            "name": "wifi_signup", "title": "Wi-Fi sign-up", "description": .null, "kind": "custom",
            "customerType": "contact", "eventName": .null,
            "attributes": [["name": "location", "type": "text", "required": false]],
            "specialAttributes": ["authId"], "status": "awaitingIntegration",
            "createdAt": "2026-11-26T10:00:00.123Z", "verifiedAt": .null, "readyAt": .null,
            "eventCount": 0, "rejectedCount": 0, "lastEventAt": .null, "usedIn": [],
        ])
    }

    @Test func writesEveryFilledInValue() throws {
        let definition = TriggerDefinition(
            name: "signup", title: "Sign-up", description: "d", customerType: .profile, eventName: "Signed Up",
            attributes: [
                AttributeDefinition(name: "order", type: .entityReference, required: true, entity: "order", description: "o")
            ])
        let time = Date(millisecondsSince1970: 1_795_687_200_000)
        let trigger = Trigger(
            definition: definition, status: .ready, createdAt: time, verifiedAt: time, readyAt: time, eventCount: 3,
            rejectedCount: 1, lastEventAt: time, usedIn: [JourneyUsage(id: "j1", name: "Welcome", status: "live")])
        let json = try encoded(trigger)
        #expect(json["attributes"] == [
            ["name": "order", "type": "entityReference", "required": true, "entity": "order", "description": "o"],
        ])
        #expect(json["specialAttributes"] == ["authId", "contactpoint_email", "contactpoint_phone"])
        #expect(json["verifiedAt"] == "2026-11-26T10:00:00Z" && json["lastEventAt"] == "2026-11-26T10:00:00Z")
        #expect(json["eventCount"] == 3 && json["rejectedCount"] == 1 && json["status"] == "ready")
        #expect(json["usedIn"] == [["id": "j1", "name": "Welcome", "status": "live"]])
        #expect(trigger.isUsedByLiveJourney)
    }

    @Test func onlyLiveJourneysLockTheSchema() {
        let definition = TriggerDefinition(name: "t", title: "T")
        var trigger = Trigger(definition: definition, status: .ready, createdAt: Date(timeIntervalSince1970: 0))
        #expect(!trigger.isUsedByLiveJourney)
        trigger.usedIn = [JourneyUsage(id: "j", name: "J", status: "draft"), JourneyUsage(id: "k", name: "K", status: "stopped")]
        #expect(!trigger.isUsedByLiveJourney)
        trigger.usedIn.append(JourneyUsage(id: "l", name: "L", status: "live"))
        #expect(trigger.isUsedByLiveJourney)
    }

    @Test func decodesAttributesWithRequiredDefaultingToFalse() throws {
        let text = #"[{"name":"a","type":"number"},{"name":"o","type":"entityReference","entity":"order","required":true}]"#
        let data = Data(text.utf8)
        let attributes = try JSONDecoder().decode([AttributeDefinition].self, from: data)
        #expect(attributes == [
            AttributeDefinition(name: "a", type: .number),
            AttributeDefinition(name: "o", type: .entityReference, required: true, entity: "order"),
        ])
    }

    @Test func builtinTriggersAreReadyValidAndUseNoReservedNames() {
        let created = Date(timeIntervalSince1970: 1_795_687_200)
        let triggers = BuiltinTriggers.triggers(createdAt: created)
        #expect(triggers.count == BuiltinTriggers.definitions.count)
        #expect(Set(triggers.map(\.name)).count == triggers.count)
        for trigger in triggers {
            #expect(trigger.status == .ready && trigger.definition.kind == .builtin)
            #expect(trigger.verifiedAt == created && trigger.readyAt == created)
            #expect(TriggerDefinition.isValidName(trigger.name))
            for attribute in trigger.definition.attributes {
                #expect(TriggerDefinition.isValidAttributeName(attribute.name))
                // API.md: the message built-ins carry the message they are about as `messageId` (the event's own
                // id stays apart, at the event's top level); no other reserved name is taken.
                let allowed: Set<String> = BuiltinTriggers.messageTriggers.union(["unsubscribed"]).contains(trigger.name) ? ["messageId"] : []
                #expect(!TriggerDefinition.reservedNames.subtracting(allowed).contains(attribute.name))
            }
        }
    }
}
