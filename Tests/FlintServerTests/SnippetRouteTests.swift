import FlintCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Snippets and the web SDK")
struct SnippetRouteTests {
    @Test(arguments: ["javascript", "csharp", "python", "swift", "kotlin", "curl"])
    func servesASnippetPerLanguage(language: String) async throws {
        try await TestFlint().run { client in
            _ = try await client.setUpTriggerAndKey(kind: "publishable", origins: ["https://shop.example"])
            let keyValue = try #require(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.first?["key"]?.stringValue)
            let response = try await client.send(.get, "/api/v1/triggers/wifi_signup/snippet?language=\(language)")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains("wifi_signup"))
            #expect(text.contains(keyValue), "publishable keys are inline")
            #expect(text.contains("/v1/events") || text.contains("/sdk/flint.js"))
        }
    }

    @Test func secretKeysAreReadFromTheEnvironmentAndDownloadsNameTheFile() async throws {
        try await TestFlint().run { client in
            let secret = try await client.setUpTriggerAndKey()
            let response = try await client.send(.get, "/api/v1/triggers/wifi_signup/snippet?language=python&download=1")
            let text = String(buffer: response.body)
            #expect(!text.contains(secret))
            #expect(text.contains("FLINT_INGESTION_KEY"))
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"wifi_signup.py\"")
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup/snippet?language=cobol").errorCode == "invalid_request")
            #expect(try await client.send(.get, "/api/v1/triggers/wifi_signup/snippet?key=key_nope").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/triggers/email_opened/snippet").errorCode == "not_found")
            #expect(try await client.send(.get, "/api/v1/triggers/nope/snippet").status == .notFound)
        }
    }

    @Test func servesTheWebSDK() async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.get, "/sdk/flint.js", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/javascript") == true)
            #expect(String(buffer: response.body).contains("flint"))
        }
    }
}
