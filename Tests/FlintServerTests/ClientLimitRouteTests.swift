import FlintCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlintServer

/// Limits per client address on ingestion, and the trusted proxies that say who the client is.
@Suite("Ingestion limits per client")
struct ClientLimitRouteTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// A publishable (browser) key gets its client's rate; a secret key from the same place does not.
    @Test func publishableKeysAreLimitedPerClientAddress() async throws {
        var flint = TestFlint()
        flint.configuration.publishableRatePerClient = 2
        try await flint.run { client in
            let publishable = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            let secret = try #require(
                try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "server", "kind": "secret"]).json["key"]?.stringValue)
            let origin: HTTPFields = [.origin: "https://shop.example"]
            for index in 0..<20 {
                let response = try await client.send(.post, "/v1/events", json: validEvent(messageId: "p-\(index)"), token: publishable, headers: origin)
                #expect(response.status == .accepted)
            }
            let limited = try await client.send(.post, "/v1/events", json: validEvent(messageId: "p-20"), token: publishable, headers: origin)
            #expect(limited.status == .tooManyRequests && limited.errorCode == "rate_limited")
            #expect(limited.headers[.retryAfter] == "1")
            for index in 0..<30 {
                #expect(try await client.send(.post, "/v1/events", json: validEvent(messageId: "s-\(index)"), token: secret).status == .accepted)
            }
        }
    }

    /// Guessing keys from one address: past the limit its requests are answered 429 without their keys
    /// being checked, so guessing is as slow as the limit.
    @Test func failingKeysAreLimitedPerClientAddress() async throws {
        var flint = TestFlint()
        flint.configuration.failedKeyRatePerClient = 1
        let clock = flint.clock
        try await flint.run { client in
            let key = try await client.setUpTriggerAndKey()
            for index in 0..<10 {
                let response = try await client.send(.post, "/v1/events", json: validEvent(), token: "flk_sec_guess\(index)xxxxxxxxxxxxxxxxxxxxxxxx")
                #expect(response.status == .unauthorized)
            }
            let refused = try await client.send(.post, "/v1/events", json: validEvent(), token: "flk_sec_guessagainxxxxxxxxxxxxxxxxxxxxxxx")
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
            // The Segment routes take the same gate.
            let segment = try await client.send(.post, "/v1/track", json: ["event": "x", "userId": "u"], token: "flk_sec_segmentguessxxxxxxxxxxxxxxxxxxxx")
            #expect(segment.status == .tooManyRequests)
            // Past the limit the address has no key checked at all, a working one included, until it has a token again.
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .tooManyRequests)
            clock.advance(by: 2)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
        }
    }

    /// Behind a trusted proxy each forwarded client has its own bucket, read from the right of
    /// X-Forwarded-For (what a client writes on the left is not believed); from anyone else the header
    /// changes nothing.
    @Test(arguments: [true, false]) func trustedProxiesNameTheClient(trusted: Bool) async throws {
        var flint = TestFlint()
        flint.testing = .live
        flint.configuration.port = 0
        flint.configuration.publishableRatePerClient = 1
        if trusted { flint.configuration.trustedProxies = try TrustedProxies(parsing: "127.0.0.0/8, ::1") }
        try await flint.run { client in
            let key = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            func send(_ forwardedFor: String, _ index: Int) async throws -> HTTPResponse.Status {
                let headers: HTTPFields = [.origin: "https://shop.example", Self.forwardedFor: forwardedFor]
                return try await client.send(.post, "/v1/events", json: validEvent(messageId: "\(forwardedFor)-\(index)"), token: key, headers: headers)
                    .status
            }
            for index in 0..<10 { #expect(try await send("203.0.113.1", index) == .accepted) }
            #expect(try await send("203.0.113.1", 10) == .tooManyRequests)
            // A client writing someone else's address on the left is still itself.
            #expect(try await send("198.51.100.9, 203.0.113.1", 11) == .tooManyRequests)
            // Another client behind the proxy has its own bucket; without trust, everyone is the proxy.
            #expect(try await send("203.0.113.2:4711", 0) == (trusted ? .accepted : .tooManyRequests))
        }
    }
}
