import FlintCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Ingestion keys at the door")
struct IngestionAuthenticationTests {
    @Test(arguments: [nil, "", "flk_sec_short", "flk_sec_AAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "sk_live_123", "test-admin-token"])
    func refusesMissingOrUnknownKeys(token: String?) async throws {
        try await TestFlint().run { client in
            _ = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: token)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorized")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func refusesAKeyWithTheRightPrefixButTheWrongSecret() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let forged = String(key.dropLast(4)) + (key.hasSuffix("AAAA") ? "BBBB" : "AAAA")
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: forged).status == .unauthorized)
        }
    }

    @Test func publishableKeysOnlyWorkFromAllowedOrigins() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            let allowed = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.origin: "https://shop.example"])
            #expect(allowed.status == .accepted)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example")
            let other = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.origin: "https://evil.example"])
            #expect(other.status == .forbidden)
            #expect(other.errorCode == "origin_not_allowed")
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let server = try await client.send(.post, "/v1/events", json: validEvent(), token: key)
            #expect(server.status == .accepted)
        }
    }

    @Test func secretKeysRefuseBrowsers() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let response = try await client.send(.post, "/v1/events", json: validEvent(), token: key, headers: [.origin: "https://shop.example"])
            #expect(response.errorCode == "origin_not_allowed")
        }
    }

    @Test func answersPreflightForAllowedOriginsOnly() async throws {
        try await TestFlint().run { client in
            _ = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            let preflight: HTTPFields = [.origin: "https://shop.example", .accessControlRequestMethod: "POST"]
            for path in ["/v1/events", "/v1/events/batch"] {
                let response = try await client.send(.options, path, token: nil, headers: preflight)
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://shop.example")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
            }
            let evil = try await client.send(.options, "/v1/events", token: nil, headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(evil.status == .forbidden)
            #expect(evil.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func errorsCarryCORSHeadersSoBrowsersCanReadThem() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            let response = try await client.send(
                .post, "/v1/events", json: ["trigger": "wifi_signup"], token: key, headers: [.origin: "https://shop.example"])
            #expect(response.status == .badRequest)
            #expect(response.headers[.accessControlAllowOrigin] == "https://shop.example")
        }
    }

    @Test func rateLimitsAKeyWithRetryAfter() async throws {
        let flint = TestFlint()
        try await flint.run { client in
            let key = try await client.setUpTriggerAndKey(extra: ["rateLimit": 2])
            var statuses: [Int] = []
            for index in 0..<5 {
                statuses.append(try await client.send(.post, "/v1/events", json: validEvent(messageId: "r\(index)"), token: key).status.code)
            }
            #expect(statuses.prefix(2) == [202, 202])
            #expect(statuses.contains(429))
            let limited = try await client.send(.post, "/v1/events", json: validEvent(), token: key)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            flint.clock.advance(by: 1)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
        }
    }
}
