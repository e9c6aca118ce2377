import FlintClient
import Testing

@Suite("Identity")
struct IdentityTests {
    @Test("identify applies to later triggers, not earlier ones; an explicit authId wins")
    func identifyAppliesToLaterTriggers() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await client.trigger("page_view")
        await client.identify("contact-1")
        await client.trigger("page_view")
        await client.trigger("page_view", authId: "contact-2")
        await client.identify("contact-3")
        await client.trigger("page_view", attributes: [:], bindingId: "order/1", timestamp: nil)
        await client.identify(nil)
        await client.trigger("page_view")
        _ = await client.flush()

        let sent = await transport.requests.flatMap { events(in: $0) }
        #expect(sent.map { $0["authId"] as? String } == [nil, "contact-1", "contact-2", "contact-3", nil])
    }

    @Test("send uses the identity too")
    func sendUsesIdentity() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await client.identify("contact-9")
        _ = try await client.send("page_view")
        let request = try #require(await transport.requests.first)
        let body = String(decoding: request.httpBody!, as: UTF8.self)
        #expect(body.contains(#""authId":"contact-9""#))
    }
}
