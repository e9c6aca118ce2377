import FlintCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlintServer

/// The lean single-event path answers exactly as the router does. The same requests go to the
/// router alone (`.router`: no sockets, so no lean path) and to a live server (where single events
/// without an `Origin` take the lean path), and every answer is compared: status, headers (but the
/// date) and body bytes.
@Suite("Lean single-event path: the router's answers")
struct SingleEventPathEquivalenceTests {
    /// One request of the corpus: what it is, its key (by role) and what it sends.
    struct Sent: Sendable {
        /// `unknown` is well formed (so Flint reads the store for it), `malformed` is not.
        enum Key: Sendable { case secret, limited, publishable, none, unknown, malformed }
        let label: String
        var key = Key.secret
        var headers: HTTPFields = [.contentType: "application/json"]
        let body: [UInt8]

        init(_ label: String, key: Key = .secret, headers: HTTPFields = [.contentType: "application/json"], json: JSONValue) {
            self.init(label, key: key, headers: headers, raw: Array(json.serialized().utf8))
        }

        init(_ label: String, key: Key = .secret, headers: HTTPFields = [.contentType: "application/json"], raw: [UInt8]) {
            self.label = label
            self.key = key
            self.headers = headers
            self.body = raw
        }
    }

    struct Answer: Equatable, CustomStringConvertible {
        let label: String
        let status: Int
        let headers: [String]
        let body: String
        var description: String { "\(label): \(status) \(headers) \(body)" }
    }

    static var corpus: [Sent] {
        let missingLocation: JSONValue = ["trigger": "wifi_signup", "authId": "contact-1", "messageId": "m-missing", "attributes": ["amount": "twelve"]]
        let unknownTrigger: JSONValue = ["trigger": "no_such_trigger", "authId": "contact-1", "messageId": "m-unknown"]
        return [
            Sent("accepted", json: validEvent(messageId: "m-1")),
            Sent("duplicate", json: validEvent(messageId: "m-1")),
            Sent("accepted with a generated messageId", json: validEvent()),
            Sent("no key", key: .none, json: validEvent(messageId: "m-2")),
            Sent("a key Flint does not know", key: .unknown, json: validEvent(messageId: "m-3")),
            Sent("a malformed key", key: .malformed, json: validEvent(messageId: "m-3")),
            Sent("a publishable key without an origin", key: .publishable, json: validEvent(messageId: "m-4")),
            Sent("broken JSON", raw: Array(#"{"trigger": "wifi_signup", "#.utf8)),
            Sent("an empty body", raw: []),
            Sent("an array", raw: Array("[1, 2]".utf8)),
            Sent("an HTML body", headers: [.contentType: "text/html"], json: validEvent(messageId: "m-5")),
            Sent("a missing content type", headers: [:], json: validEvent(messageId: "m-6")),
            Sent("a gzip body", headers: [.contentType: "application/json", .contentEncoding: "gzip"], json: validEvent(messageId: "m-7")),
            Sent("a body over 32 KB", raw: Array(repeating: UInt8(ascii: " "), count: 33 * 1024)),
            Sent("an unknown trigger", json: unknownTrigger),
            Sent("attributes that do not match the schema", json: missingLocation),
            Sent("a rate-limited key, first", key: .limited, json: validEvent(messageId: "m-8")),
            Sent("a rate-limited key, second", key: .limited, json: validEvent(messageId: "m-9")),
            Sent("a rate-limited key, third", key: .limited, json: validEvent(messageId: "m-10")),
        ]
    }

    @Test func answersEverySingleEventAsTheRouterDoes() async throws {
        let (routed, routedLean) = try await Self.answers(.router)
        let (live, liveLean) = try await Self.answers(.live)
        #expect(routed.count == Self.corpus.count && live.count == Self.corpus.count)
        for (router, lean) in zip(routed, live) {
            #expect(lean == router)
        }
        #expect(Set(routed.map(\.status)).count > 6, "the corpus covers accepted, duplicate and each kind of refusal")
        #expect(routedLean == 0)
        // Bodies declared over the limit go to the router, which refuses them before they arrive.
        let lean = Self.corpus.filter { $0.body.count <= SingleEventIntake.bodyLimit }.count
        #expect(lean == Self.corpus.count - 1)
        #expect(liveLean == lean, "every other request of the corpus took the lean path on the live server")
    }

    /// The corpus's answers from a fresh Flint, and how many requests took the lean path.
    static func answers(_ testing: TestingSetup) async throws -> ([Answer], Int) {
        var flint = TestFlint()
        flint.ids = SequentialIdentifiers()
        flint.testing = testing
        return try await flint.run { client in
            let secret = try await client.setUpTriggerAndKey()
            let limited = try #require(
                try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "limited", "kind": "secret", "rateLimit": 1]).json["key"]?
                    .stringValue)
            let publishable = try #require(
                try await client.send(
                    .post, "/api/v1/ingestion-keys", json: ["name": "web", "kind": "publishable", "allowedOrigins": ["https://shop.example"]]
                ).json["key"]?.stringValue)
            var answers: [Answer] = []
            for sent in corpus {
                let token: String? =
                    switch sent.key {
                    case .secret: secret
                    case .limited: limited
                    case .publishable: publishable
                    case .none: nil
                    case .unknown: "flk_sec_" + String(repeating: "Z", count: 40)
                    case .malformed: "flint_sk_" + String(repeating: "0", count: 40)
                    }
                var headers = sent.headers
                if let token { headers[.authorization] = "Bearer \(token)" }
                let response = try await client.execute(
                    uri: "/v1/events", method: .post, headers: headers, body: sent.body.isEmpty ? nil : ByteBuffer(bytes: sent.body))
                let compared = response.headers.filter { $0.name != .date && $0.name != .server }.map { "\($0.name): \($0.value)" }
                // Keys are random: their prefixes, which refusals quote, are masked.
                let body = String(buffer: response.body).replacing(try Regex("flk_[a-z]+_[A-Za-z0-9]+"), with: "flk_<key>")
                answers.append(Answer(label: sent.label, status: response.status.code, headers: compared, body: body))
            }
            let metrics = try await client.send(.get, "/metrics")
            let line = String(buffer: metrics.body).split(separator: "\n").first { $0.hasPrefix("flint_http_lean_requests_total ") }
            return (answers, line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0)
        }
    }
}
