import FlintCore
import FlintServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web UI trigger edits")
struct WebTriggerEditRouteTests {
    /// The edit form's attribute rows for the Wi-Fi trigger, plus `extra`.
    static func rows(_ extra: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [("title", "Wi-Fi sign-up (guests)"), ("customerType", "contact")]
        for (name, type) in [("location", "text"), ("amount", "number"), ("firstVisit", "boolean"), ("signedUpAt", "datetime")] + extra {
            fields += [("attributeName", name), ("attributeType", type), ("attributeEntity", "")]
        }
        fields += [("attributeName", "order"), ("attributeType", "entityReference"), ("attributeEntity", "order")]
        return fields
    }

    @Test func aSafeChangeIsSavedAndABreakingOneIsRefusedWhileALiveJourneyUsesTheTrigger() async throws {
        try await WebUIRouteTests.flint().run { client in
            try await WebJourneyRouteTests.readyTrigger(client)
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            let form = try await browser.get("/triggers/wifi_signup/edit")
            #expect(form.status == .ok && form.text.contains("name never changes") && form.text.contains("value=\"signedUpAt\""))
            let token = WebBrowser.csrf(in: form)
            let saved = try await browser.post("/triggers/wifi_signup/edit", Self.rows([("tier", "text")]), csrf: token)
            #expect(saved.status == .seeOther)
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["title"]?.stringValue == "Wi-Fi sign-up (guests)")
            #expect(trigger["attributes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains("tier") == true)

            let journey = try await client.send(
                .post, "/api/v1/journeys",
                json: ["name": "Welcome", "trigger": "wifi_signup", "steps": [["id": "pause", "type": "wait", "duration": "P1D"]]])
            let id = try #require(journey.json["id"]?.stringValue)
            #expect(try await client.send(.post, "/api/v1/journeys/\(id)/publish").status == .ok)
            // Dropping `amount` would break senders and the live journey: refused, and the form keeps what was typed.
            var without = Self.rows()
            without.removeAll { $0 == ("attributeName", "amount") || $0 == ("attributeType", "number") }
            if let index = without.firstIndex(where: { $0 == ("attributeEntity", "") }) { without.remove(at: index) }
            let refused = try await browser.post("/triggers/wifi_signup/edit", without, csrf: token)
            #expect(refused.status == .conflict && refused.text.contains("The trigger was not changed"))
            #expect(refused.text.contains("value=\"Wi-Fi sign-up (guests)\""))
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["attributes"]?.arrayValue?.count == 6)
        }
    }

    @Test func aRecordTriggerIsCreatedThroughTheForm() async throws {
        try await WebUIRouteTests.flint().run { client in
            let entity: JSONValue = ["title": "Order", "customerType": "contact", "fields": [["name": "status", "type": "text"], ["name": "total", "type": "number"]]]
            #expect(try await client.send(.put, "/api/v1/entities/order", json: entity).status == .created)
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            let form = try await browser.get("/triggers/new")
            #expect(form.text.contains("<option value=\"order\""))
            // A watched field the entity lacks is named beside the watched-fields box.
            let wrong = try await browser.post(
                "/triggers/new",
                [("kind", "record"), ("title", "Order shipped"), ("name", "order_shipped"), ("entity", "order"), ("on", "update"),
                 ("watch", "colour")],
                csrf: WebBrowser.csrf(in: form))
            #expect(wrong.status == .badRequest && wrong.text.contains("id=\"watch-error\"") && wrong.text.contains("colour"))
            let created = try await browser.post(
                "/triggers/new",
                [("kind", "record"), ("title", "Order shipped"), ("name", "order_shipped"), ("customerType", "contact"), ("entity", "order"),
                 ("on", "update"), ("watch", "status"), ("attributeName", ""), ("attributeType", "text"), ("attributeEntity", "")],
                csrf: WebBrowser.csrf(in: form))
            #expect(created.status == .seeOther)
            let trigger = try await client.send(.get, "/api/v1/triggers/order_shipped").json
            #expect(trigger["kind"]?.stringValue == "record" && trigger["entity"]?.stringValue == "order")
            #expect(trigger["on"] == ["update"] && trigger["watchFields"] == ["status"])
        }
    }
}
