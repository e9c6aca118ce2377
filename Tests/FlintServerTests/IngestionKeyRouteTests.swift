import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("/api/v1/ingestion-keys")
struct IngestionKeyRouteTests {
    @Test func createsKeysWithRecognisablePrefixes() async throws {
        try await TestFlint().run { client in
            let secret = try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "backend", "kind": "secret"])
            #expect(secret.status == .created)
            let value = try #require(secret.json["key"]?.stringValue)
            #expect(value.hasPrefix("flk_sec_"))
            #expect(value.hasPrefix(try #require(secret.json["prefix"]?.stringValue)))
            let publishable = try await client.send(
                .post, "/api/v1/ingestion-keys", json: ["name": "web", "kind": "publishable", "allowedOrigins": ["https://Shop.Example"]])
            #expect(publishable.json["key"]?.stringValue?.hasPrefix("flk_pub_") == true)
            #expect(publishable.json["allowedOrigins"] == ["https://shop.example"])
        }
    }

    @Test func listsKeysWithoutSecretValues() async throws {
        try await TestFlint().run { client in
            try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "backend", "kind": "secret"])
            try await client.send(.post, "/api/v1/ingestion-keys", json: ["name": "web", "kind": "publishable"])
            let keys = try #require(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue)
            #expect(keys.count == 2)
            #expect(keys.first { $0["kind"] == "secret" }?["key"] == .null)
            #expect(keys.first { $0["kind"] == "publishable" }?["key"]?.stringValue?.hasPrefix("flk_pub_") == true)
        }
    }

    @Test(arguments: [
        JSONValue.object(["kind": "secret"]),
        ["name": "x", "kind": "master"],
        ["name": "x", "kind": "secret", "allowedOrigins": ["https://shop.example"]],
        ["name": "x", "kind": "publishable", "allowedOrigins": ["shop.example"]],
        ["name": "x", "kind": "publishable", "rateLimit": -1],
        ["name": "x", "kind": "secret", "colour": "red"],
    ])
    func refusesBadKeyRequests(body: JSONValue) async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.post, "/api/v1/ingestion-keys", json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_key")
            #expect(!response.problemFields.isEmpty)
        }
    }

    @Test func rotationKeepsTheOldKeyWorkingForTheGracePeriod() async throws {
        let flint = TestFlint()
        try await flint.run { client in
            let old = try await client.setUpTriggerAndKey()
            let listed = try #require(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.first?["id"]?.stringValue)
            let rotated = try await client.send(.post, "/api/v1/ingestion-keys/\(listed)/rotate", json: ["graceSeconds": 60])
            #expect(rotated.status == .created)
            #expect(rotated.json["rotatedFrom"] == .string(listed))
            let new = try #require(rotated.json["key"]?.stringValue)
            #expect(new != old)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: old).status == .accepted)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: new).status == .accepted)
            flint.clock.advance(by: 61)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: old).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: new).status == .accepted)
            let ids = try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids?.contains(listed) == false)
        }
    }

    @Test func rotationWithoutABodyUsesTheDefaultGrace() async throws {
        let flint = TestFlint()
        try await flint.run { client in
            let old = try await client.setUpTriggerAndKey()
            let id = try #require(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await client.send(.post, "/api/v1/ingestion-keys/\(id)/rotate").status == .created)
            flint.clock.advance(by: 3599)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: old).status == .accepted)
            flint.clock.advance(by: 2)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: old).status == .unauthorized)
            let bad = try await client.send(.post, "/api/v1/ingestion-keys/\(id)/rotate", json: ["graceSeconds": -5])
            #expect(bad.status == .badRequest)
        }
    }

    @Test func revocationTakesEffectAtOnce() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let id = try #require(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .accepted)
            #expect(try await client.send(.delete, "/api/v1/ingestion-keys/\(id)").status == .noContent)
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: key).status == .unauthorized)
            #expect(try await client.send(.delete, "/api/v1/ingestion-keys/\(id)").status == .notFound)
            #expect(try await client.send(.post, "/api/v1/ingestion-keys/\(id)/rotate").status == .notFound)
        }
    }
}
