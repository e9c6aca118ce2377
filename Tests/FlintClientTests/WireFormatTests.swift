import FlintClient
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Wire format")
struct WireFormatTests {
    static let signedUpAt = Date(timeIntervalSince1970: 1_795_687_140)  // 2026-11-26T09:59:00Z
    static let happenedAt = Date(timeIntervalSince1970: 1_795_687_200)  // 2026-11-26T10:00:00Z

    @Test("a batch request is exactly the JSON of API.md")
    func batchBody() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await client.trigger(
            FlintEvent(
                trigger: "wifi_signup",
                attributes: [
                    "location": "lobby", "amount": 12.5, "visits": 3, "firstVisit": true, "signedUpAt": .date(Self.signedUpAt),
                    "order": "order-77", "note": nil,
                ],
                authId: "contact-123", messageId: "0b9e9a4e-1", timestamp: Self.happenedAt, bindingId: "order/123",
                contactpointEmail: "ann@example.com", contactpointPhone: "+15551234567"))
        _ = await client.flush()

        let request = try #require(await transport.requests.first)
        #expect(request.httpMethod == "POST")
        #expect(request.url?.absoluteString == "http://flint.test/v1/events/batch")
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Bearer pk_test_123")
        #expect(request.value(forHTTPHeaderField: "Content-Type") == "application/json")
        let body = String(decoding: try #require(request.httpBody), as: UTF8.self)
        #expect(
            body == #"{"events":[{"attributes":{"amount":12.5,"firstVisit":true,"location":"lobby","note":null,"order":"order-77","#
                + #""signedUpAt":"2026-11-26T09:59:00Z","visits":3},"authId":"contact-123","bindingId":"order/123","#
                + #""contactpoint_email":"ann@example.com","contactpoint_phone":"+15551234567","messageId":"0b9e9a4e-1","#
                + #""timestamp":"2026-11-26T10:00:00Z","trigger":"wifi_signup"}]}"#)

        let event = try #require(events(in: request).first)
        let attributes = try #require(event["attributes"] as? [String: Any])
        #expect(attributes["amount"] is NSNumber && !(attributes["amount"] is String))
        #expect(attributes["signedUpAt"] as? String == "2026-11-26T09:59:00Z")
    }

    @Test("absent optional fields are left out, not sent as null")
    func absentFields() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await client.trigger("page_view")
        _ = await client.flush()
        let event = try #require(await transport.requests.first.map { events(in: $0) }?.first)
        #expect(Set(event.keys) == ["trigger", "messageId", "timestamp", "attributes"])
        let messageId = try #require(event["messageId"] as? String)
        #expect(UUID(uuidString: messageId) != nil && messageId == messageId.lowercased())
    }

    @Test("the timestamp defaults to when the event was queued, not when it was sent")
    func defaultTimestamp() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        let before = Date()
        await client.trigger("page_view", authId: "c")
        let after = Date()
        _ = await client.flush()
        let event = try #require(await transport.requests.first.map { events(in: $0) }?.first)
        let text = try #require(event["timestamp"] as? String)
        let stamp = try #require(try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: text.contains("."))))
        #expect(stamp.timeIntervalSince(before) > -1 && stamp.timeIntervalSince(after) < 1)
    }

    @Test("dates are RFC 3339 in UTC, with milliseconds only when there are some", arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_795_687_200.5, "2026-11-26T10:00:00.500Z"),
        (1_795_687_200.001, "2026-11-26T10:00:00.001Z"), (-0.25, "1969-12-31T23:59:59.750Z"),
    ])
    func dates(seconds: Double, expected: String) throws {
        let data = try JSONEncoder().encode(FlintValue.date(Date(timeIntervalSince1970: seconds)))
        #expect(String(decoding: data, as: UTF8.self) == "\"\(expected)\"")
    }

    @Test("an endpoint with a path keeps it")
    func endpointPath() async throws {
        let transport = FakeTransport()
        let client = FlintClient(
            endpoint: URL(string: "https://example.com/flint/")!, key: "k", configuration: .init(flushInterval: nil), transport: transport)
        await client.trigger("page_view", authId: "c")
        _ = await client.flush()
        #expect(await transport.requests.first?.url?.absoluteString == "https://example.com/flint/v1/events/batch")
    }

    @Test("FlintValue literals and decoding")
    func values() throws {
        let attributes: [String: FlintValue] = ["a": "text", "b": 2, "c": 2.5, "d": false, "e": nil]
        #expect(attributes == ["a": .string("text"), "b": .number(2), "c": .number(2.5), "d": .bool(false), "e": .null])
        let decoded = try JSONDecoder().decode([String: FlintValue].self, from: Data(#"{"a":"text","b":2,"c":2.5,"d":false,"e":null}"#.utf8))
        #expect(decoded == attributes)
    }
}
