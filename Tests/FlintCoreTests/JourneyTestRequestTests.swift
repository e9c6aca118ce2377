import FlintCore
import Testing

@Suite struct JourneyTestRequestTests {
    @Test func readsTheCustomerAttributesAndArrivingTriggers() throws {
        let request = try JourneyTestRequest.parse([
            "authId": "c-1", "attributes": ["plan": "pro"], "arrivingTriggers": ["email_opened", "email_opened", "paid"],
        ])
        #expect(request == JourneyTestRequest(authId: "c-1", attributes: ["plan": "pro"], arrivingTriggers: ["email_opened", "paid"]))
        #expect(try JourneyTestRequest.parse(["authId": "c-1", "attributes": .null, "arrivingTriggers": .null]) == JourneyTestRequest(authId: "c-1"))
    }

    @Test func namesEveryProblem() {
        #expect(throws: FlintError.self) { try JourneyTestRequest.parse("c-1") }
        do {
            _ = try JourneyTestRequest.parse(["arrivingTriggers": ["paid", 3, ["x"]], "attributes": [1], "colour": "red"])
            Issue.record("expected validation_failed")
        } catch {
            #expect(error.code == .validationFailed)
            #expect(error.details.map(\.field).sorted() == ["arrivingTriggers[1]", "arrivingTriggers[2]", "attributes", "authId", "colour"])
            #expect(error.details.first { $0.field == "arrivingTriggers[1]" }?.problem == "expected a trigger name, got a number")
        }
    }
}
