import CompressNIO
import FlintCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Segment-compatible ingestion")
struct SegmentRouteTests {
    static func basic(_ key: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(key):".utf8).base64EncodedString(), .contentType: "application/json"]
    }

    static let track: JSONValue = [
        "type": "track", "event": "Wi-Fi Signed Up", "userId": "ann", "messageId": "seg-1", "timestamp": "2026-11-26T10:00:00.000Z",
        "properties": ["location": "lobby", "amount": 12.5], "context": ["library": ["name": "analytics-python"]],
    ]

    @Test func acceptsTrackWithBasicAuthAndMapsEventNames() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/track", json: Self.track, token: nil, headers: Self.basic(key))
            #expect(response.status == .ok)
            #expect(response.json == ["success": true])
            let entry = try #require(try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue?.first)
            #expect(entry["verdict"] == "accepted")
            #expect(entry["messageId"] == "seg-1")
            #expect(entry["authId"] == "ann")
            // The same messageId again is a duplicate, still a success.
            #expect(try await client.send(.post, "/v1/track", json: Self.track, token: nil, headers: Self.basic(key)).json == ["success": true])
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["eventCount"] == 1)
        }
    }

    @Test func acceptsTheWriteKeyInTheBodyAndGzipBodies() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            guard case .object(var message) = Self.track else { return }
            message["writeKey"] = .string(key)
            message["messageId"] = "seg-gzip"
            var plain = ByteBuffer(string: JSONValue.object(message).serialized())
            let compressed = try plain.compress(with: .gzip())
            let response = try await client.send(
                .post, "/v1/track", raw: Array(compressed.readableBytesView), token: nil,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"])
            #expect(response.json == ["success": true])
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup").json["eventCount"] == 1)
        }
    }

    @Test func answersErrorsOnlyForBadKeysJSONAndSize() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            #expect(try await client.send(.post, "/v1/track", json: Self.track, token: nil, headers: Self.basic("flk_sec_nope")).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/track", json: Self.track, token: nil).status == .unauthorized)
            // writeKey is a string; another type is a malformed request even when Basic authentication is given.
            let numericKey = try await client.send(.post, "/v1/identify", json: ["writeKey": 5, "userId": "ann"], token: nil, headers: Self.basic(key))
            #expect(numericKey.errorCode == "invalid_json")
            let broken = try await client.send(.post, "/v1/track", raw: Array("{\"event\":".utf8), token: nil, headers: Self.basic(key))
            #expect(broken.errorCode == "invalid_json")
            let notGzip = try await client.send(
                .post, "/v1/track", raw: Array("plain".utf8), token: nil, headers: Self.basic(key).merging([.contentEncoding: "gzip"]))
            #expect(notGzip.status == .badRequest)
            guard case .object(var big) = Self.track else { return }
            big["properties"] = ["location": .string(String(repeating: "x", count: 33 * 1024))]
            let tooBig = try await client.send(.post, "/v1/track", json: .object(big), token: nil, headers: Self.basic(key))
            #expect(tooBig.status == .badRequest)
            #expect(tooBig.errorCode == "message_too_large")
            // The limit holds for the inflated body: a small gzip that inflates past 32 KB is refused.
            var inflating = ByteBuffer(string: JSONValue.object(big).serialized())
            let bomb = try inflating.compress(with: .gzip())
            #expect(bomb.readableBytes < 1024)
            let inflated = try await client.send(
                .post, "/v1/track", raw: Array(bomb.readableBytesView), token: nil, headers: Self.basic(key).merging([.contentEncoding: "gzip"]))
            #expect(inflated.errorCode == "message_too_large")
            let hugeBatch: JSONValue = ["batch": .array(Array(repeating: .object(big), count: 16))]
            #expect(try await client.send(.post, "/v1/batch", json: hugeBatch, token: nil, headers: Self.basic(key)).errorCode == "message_too_large")
        }
    }

    @Test func rejectsBadContentQuietlyButShowsItInTheInspector() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            guard case .object(var bigMessage) = Self.track else { return }
            bigMessage["messageId"] = "seg-big"
            bigMessage["properties"] = ["location": .string(String(repeating: "x", count: 40 * 1024))]
            let batch: JSONValue = [
                "batch": [
                    ["type": "track", "event": "wifi_signup", "userId": "bob", "messageId": "seg-bad", "properties": ["amount": "twelve"]],
                    ["type": "track", "event": "No Such Event", "userId": "bob"],
                    ["type": "page", "name": "Home", "userId": "bob"],
                    .object(bigMessage),
                    ["type": "track", "event": "wifi_signup", "userId": 42, "messageId": "seg-ok", "properties": ["location": "bar"]],
                ],
            ]
            let response = try await client.send(.post, "/v1/batch", json: batch, token: nil, headers: Self.basic(key))
            #expect(response.json == ["success": true])
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect(trigger["eventCount"] == 1)
            #expect(trigger["rejectedCount"] == 1)
            let events = try #require(try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue)
            #expect(events.first { $0["messageId"] == "seg-ok" }?["authId"] == "42")
            let rejected = try #require(events.first { $0["verdict"] == "rejected" })
            #expect(rejected["messageId"] == "seg-bad")
            #expect(Set(rejected["problems"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == ["attributes.location", "attributes.amount"])
        }
    }

    @Test func identifyCreatesAndUpdatesContacts() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let first: JSONValue = [
                "type": "identify", "userId": "ann",
                "traits": ["email": "ann@example.com", "first_name": "Ann", "plan": "gold", "phone": "+15550001"],
            ]
            #expect(try await client.send(.post, "/v1/identify", json: first, token: nil, headers: Self.basic(key)).json == ["success": true])
            let second: JSONValue = ["userId": "ann", "traits": ["lastName": "Lee", "plan": "platinum"]]
            #expect(try await client.send(.post, "/v1/identify", json: second, token: nil, headers: Self.basic(key)).status == .ok)
            let contact = try await client.send(.get, "/api/v1/contacts/ann").json
            #expect(contact["email"] == "ann@example.com")
            #expect(contact["phone"] == "+15550001")
            #expect(contact["firstName"] == "Ann")
            #expect(contact["lastName"] == "Lee")
            #expect(contact["attributes"] == ["plan": "platinum"])
            #expect(contact["consent"]?["email"]?["commercial"] == false)
        }
    }

    @Test func identifyRunsTheSameCustomerChecksAsTheAPI() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let bad: JSONValue = [
                "type": "identify", "userId": "ann",
                "traits": ["email": "ann@example.com", "firstName": .string("A\r\n" + String(repeating: "x", count: 20_000))],
            ]
            // Segment semantics: a well-formed request succeeds, the bad message is refused and stores nothing.
            #expect(try await client.send(.post, "/v1/identify", json: bad, token: nil, headers: Self.basic(key)).json == ["success": true])
            #expect(try await client.send(.get, "/api/v1/contacts/ann").status == .notFound)
            let good: JSONValue = ["type": "identify", "userId": "ann", "traits": ["firstName": "Ann"]]
            #expect(try await client.send(.post, "/v1/identify", json: good, token: nil, headers: Self.basic(key)).status == .ok)
            #expect(try await client.send(.get, "/api/v1/contacts/ann").json["firstName"] == "Ann")
        }
    }

    @Test func identifyReadsTraitsFromTheContextToo() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let message: JSONValue = [
                "type": "identify", "userId": "bo",
                "context": ["traits": ["email": "bo@example.com", "firstName": "Bo", "plan": "basic", "lastName": "Old"]],
                "traits": ["lastName": "Lee"],
            ]
            #expect(try await client.send(.post, "/v1/identify", json: message, token: nil, headers: Self.basic(key)).status == .ok)
            let contact = try await client.send(.get, "/api/v1/contacts/bo").json
            #expect(contact["email"] == "bo@example.com")
            #expect(contact["firstName"] == "Bo")
            #expect(contact["lastName"] == "Lee")  // the top-level trait wins
            #expect(contact["attributes"] == ["plan": "basic"])
        }
    }

    @Test func anonymousMessagesAreStoredButStartNothing() async throws {
        try await TestFlint().run { client in
            let key = try await JourneyRouteTests().readyTriggers(client)
            let id = try #require(try await client.send(.post, "/api/v1/journeys", json: JourneyRouteTests.journey).json["id"]?.stringValue)
            try await client.send(.post, "/api/v1/journeys/\(id)/publish")
            let anonymous: JSONValue = ["event": "wifi_signup", "anonymousId": "anon-7", "messageId": "anon-1", "properties": ["location": "hall"]]
            #expect(try await client.send(.post, "/v1/track", json: anonymous, token: nil, headers: Self.basic(key)).status == .ok)
            let known: JSONValue = ["event": "wifi_signup", "userId": "carl", "messageId": "known-1", "properties": ["location": "hall"]]
            #expect(try await client.send(.post, "/v1/track", json: known, token: nil, headers: Self.basic(key)).status == .ok)
            let runs = try await JourneyRouteTests.poll { try await client.send(.get, "/api/v1/journeys/\(id)/runs").json["runs"]?.arrayValue ?? [] }
            #expect(runs.map { $0["authId"] } == ["carl"])
            let events = try await client.send(.get, "/api/v1/triggers/wifi_signup/events").json["events"]?.arrayValue ?? []
            #expect(events.contains { $0["messageId"] == "anon-1" && $0["authId"] == "anon-7" && $0["verdict"] == "accepted" })
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
