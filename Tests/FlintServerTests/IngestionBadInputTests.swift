import FlintCore
import Foundation
import HummingbirdTesting
import Testing

/// Hostile and broken bodies: each gets a clear 4xx in the API's error shape, and nothing
/// accepted before is lost.
@Suite("Ingestion bad input")
struct IngestionBadInputTests {
    static let malformedBodies: [(String, [UInt8])] = [
        ("truncated", Array(#"{"trigger": "wifi_signup", "authId": "#.utf8)),
        ("trailing comma", Array(#"{"trigger": "wifi_signup",}"#.utf8)),
        ("single quotes", Array(#"{'trigger': 'wifi_signup'}"#.utf8)),
        ("two documents", Array(#"{} {}"#.utf8)),
        ("invalid UTF-8", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),
        ("lone surrogate", Array(#"{"authId": "\uD800"}"#.utf8)),
        ("control character", Array("{\"authId\": \"a\u{01}b\"}".utf8)),
        ("number out of range", Array(#"{"trigger": "wifi_signup", "authId": "c", "attributes": {"amount": 1e999}}"#.utf8)),
        ("NaN", Array(#"{"amount": NaN}"#.utf8)),
        ("duplicate keys", Array(#"{"authId": "a", "authId": "b"}"#.utf8)),
        ("deep nesting", Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)),
        ("deep objects", Array((String(repeating: #"{"a":"#, count: 40) + "1" + String(repeating: "}", count: 40)).utf8)),
        ("whitespace only", Array("   ".utf8)),
        ("empty", []),
    ]

    @Test(arguments: malformedBodies)
    func refusesMalformedJSON(name: String, body: [UInt8]) async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "kept"), token: key).status == .accepted)
            let response = try await client.send(.post, "/v1/events", raw: body, token: key)
            #expect(response.status == .badRequest, "\(name)")
            #expect(response.errorCode == "invalid_json", "\(name)")
            #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false)
            // What was accepted before is still there.
            #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "kept"), token: key).status == .ok)
        }
    }

    @Test(arguments: ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html", "application/xml"])
    func refusesNonJSONContentTypes(contentType: String) async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.contentType: contentType])
            #expect(response.status == .unsupportedMediaType)
            #expect(response.errorCode == "unsupported_media_type")
        }
    }

    @Test(arguments: ["application/json; charset=utf-8", "text/plain;charset=UTF-8", "application/vnd.flint+json"])
    func acceptsJSONContentTypes(contentType: String) async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.contentType: contentType])
            #expect(response.status == .accepted)
        }
    }

    @Test func refusesEventsOver32KB() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let event: JSONValue = ["trigger": "wifi_signup", "authId": "c", "attributes": ["location": .string(String(repeating: "x", count: 33 * 1024))]]
            let response = try await client.send(.post, "/v1/events", json: event, token: key)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test func refusesHugeStringsWithoutReadingThemWhole() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let body = Array(#"{"authId": ""#.utf8) + [UInt8](repeating: 0x61, count: 5 * 1024 * 1024) + Array(#""}"#.utf8)
            let response = try await client.send(.post, "/v1/events", raw: body, token: key)
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func refusesCompressedBodiesHere() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.contentEncoding: "gzip"])
            #expect(response.status == .unsupportedMediaType)
        }
    }

    @Test func keepsEveryAcceptedEventThroughAStormOfBadInput() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            for index in 0..<20 {
                #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "good-\(index)"), token: key).status == .accepted)
                let (_, bad) = Self.malformedBodies[index % Self.malformedBodies.count]
                #expect(try await client.send(.post, "/v1/events", raw: bad, token: key).status.code < 500)
                #expect(try await client.send(.post, "/v1/events/batch", raw: bad, token: key).status.code < 500)
            }
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["eventCount"] == 20)
            for index in 0..<20 {
                #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "good-\(index)"), token: key).status == .ok)
            }
        }
    }
}
