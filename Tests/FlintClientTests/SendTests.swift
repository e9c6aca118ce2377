import FlintClient
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Sending one event")
struct SendTests {
    @Test("send posts one event to /v1/events right away")
    func sendAccepted() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        let result = try await client.send("wifi_signup", attributes: ["location": "lobby"], authId: "c", bindingId: "order/1")

        let request = try #require(await transport.requests.first)
        #expect(request.url?.path == "/v1/events")
        let event = try #require(try JSONSerialization.jsonObject(with: request.httpBody!) as? [String: Any])
        #expect(event["trigger"] as? String == "wifi_signup")
        #expect(event["bindingId"] as? String == "order/1")
        #expect(result == DeliveryResult(messageId: event["messageId"] as! String, trigger: "wifi_signup", status: .accepted))
        #expect(await client.queuedEventCount == 0)
    }

    @Test("200 duplicate, 400 rejected")
    func verdicts() async throws {
        let transport = FakeTransport { request, attempt in
            attempt == 0
                ? (200, [:], FakeTransport.json(["status": "duplicate", "messageId": "m-1"]))
                : FakeTransport.error(400, "unknown_trigger")
        }
        let client = makeClient(transport)
        #expect(try await client.send(FlintEvent(trigger: "a", authId: "c", messageId: "m-1")).status == .duplicate)
        let rejected = try await client.send(FlintEvent(trigger: "b", authId: "c", messageId: "m-2"))
        guard case .rejected(let error) = rejected.status else {
            Issue.record("expected a rejection, got \(rejected)")
            return
        }
        #expect(error.code == "unknown_trigger")
        #expect(await transport.requests.count == 2)
    }

    @Test("send retries, then throws when the attempts run out")
    func sendThrows() async throws {
        let transport = FakeTransport { _, _ in throw URLError(.timedOut) }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock) { $0.maximumAttempts = 4 }
        await #expect(throws: FlintDeliveryError.self) {
            _ = try await client.send("page_view", authId: "c")
        }
        #expect(await transport.requests.count == 4)
        #expect(clock.waits.count == 3)
        let bodies = await transport.requests.map(\.httpBody)
        #expect(Set(bodies).count == 1)
    }
}
