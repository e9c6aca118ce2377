import FlintCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Operations routes")
struct OperationsRouteTests {
    @Test func reportsLivenessAndReadiness() async throws {
        try await TestFlint().run { client in
            #expect(try await client.send(.get, "/health/live", token: nil).status == .ok)
            let ready = try await client.send(.get, "/health/ready", token: nil)
            #expect(ready.status == .ok)
            #expect(ready.json == ["status": "ready"])
        }
    }

    @Test func exposesIngestionMetrics() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            try await client.send(.post, "/v1/events", json: validEvent(messageId: "a"), token: key)
            try await client.send(.post, "/v1/events", json: validEvent(messageId: "a"), token: key)
            try await client.send(.post, "/v1/events", json: ["trigger": "wifi_signup"], token: key)
            try await client.send(.post, "/v1/events", json: validEvent(), token: "nope")
            let response = try await client.send(.get, "/metrics", token: nil)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains("flint_events_accepted_total 1"))
            #expect(text.contains("flint_events_duplicate_total 1"))
            #expect(text.contains(#"flint_events_rejected_total{code="validation_failed"} 1"#))
            #expect(text.contains(#"flint_events_rejected_total{code="unauthorized"} 1"#))
            #expect(text.contains("flint_ingest_duration_seconds_bucket"))
            #expect(text.contains("flint_commit_batch_size_count 3"))  // accepted, duplicate and rejected are all written
        }
    }

    @Test func answersUnknownRoutesWithTheErrorShape() async throws {
        try await TestFlint().run { client in
            for (method, path) in [(HTTPRequest.Method.get, "/nope"), (.put, "/v1/events"), (.get, "/api/v1/nope")] {
                let response = try await client.send(method, path)
                #expect(response.status == .notFound)
                #expect(response.errorCode == "route_not_found")
            }
        }
    }
}

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// `(method, path)` for every operation in the served document, read line by line.
    static func operations(in yaml: String) -> [(String, String)] {
        var operations: [(String, String)] = []
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if !line.hasPrefix(" "), !line.isEmpty {
                path = nil
            } else if let path, let method = ["get", "post", "patch", "delete", "put"].first(where: { line.hasPrefix("    \($0):") }) {
                operations.append((method.uppercased(), path))
            }
        }
        return operations
    }

    @Test func everyDocumentedRouteExists() async throws {
        try await TestFlint().run { client in
            let document = try await client.send(.get, "/openapi.yaml", token: nil)
            #expect(document.status == .ok)
            let operations = Self.operations(in: String(buffer: document.body))
            #expect(operations.count >= 36)
            for (method, template) in operations {
                let path = template.replacingOccurrences(of: "{name}", with: "wifi_signup").replacingOccurrences(of: "{id}", with: "key_unknown")
                let response = try await client.send(HTTPRequest.Method(method)!, path, json: [:])
                #expect(response.errorCode != "route_not_found", "\(method) \(template) is documented but not routed")
            }
        }
    }

    @Test func everyRouteIsDocumented() async throws {
        try await TestFlint().run { client in
            let operations = Self.operations(in: String(buffer: try await client.send(.get, "/openapi.yaml", token: nil).body))
            let documented = Set(operations.map { "\($0.0) \($0.1)" })
            let routed = [
                "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi.yaml", "POST /v1/events", "POST /v1/events/batch", "POST /v1/track", "POST /v1/identify", "POST /v1/batch",
                "GET /api/v1/triggers", "POST /api/v1/triggers", "GET /api/v1/triggers/{name}", "PATCH /api/v1/triggers/{name}",
                "DELETE /api/v1/triggers/{name}", "POST /api/v1/triggers/{name}/ready", "GET /api/v1/triggers/{name}/events", "GET /api/v1/triggers/{name}/snippet", "GET /sdk/flint.js",
                "GET /api/v1/ingestion-keys", "POST /api/v1/ingestion-keys", "POST /api/v1/ingestion-keys/{id}/rotate",
                "DELETE /api/v1/ingestion-keys/{id}", "GET /api/v1/journeys", "POST /api/v1/journeys", "GET /api/v1/journeys/{id}",
                "PUT /api/v1/journeys/{id}", "POST /api/v1/journeys/{id}/publish", "POST /api/v1/journeys/{id}/stop",
                "GET /api/v1/journeys/{id}/runs", "POST /api/v1/journeys/{id}/test",
                "GET /api/v1/contacts/{id}", "PUT /api/v1/contacts/{id}", "GET /api/v1/leads/{id}", "PUT /api/v1/leads/{id}",
                "GET /api/v1/profiles/{id}", "PUT /api/v1/profiles/{id}",
            ]
            #expect(documented == Set(routed))
        }
    }
}
