import FlintCore
import Foundation
import FlintSQLite
import FlintServer
import Hummingbird
import Logging
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
            for (method, path) in [(HTTPRequest.Method.get, "/nope"), (.get, "/api/v1/nope"), (.get, "/v1/nope/deeper")] {
                let response = try await client.send(method, path)
                #expect(response.status == .notFound)
                #expect(response.errorCode == "route_not_found")
            }
        }
    }

    @Test func answersKnownPathsWithAnotherMethodWith405AndAllow() async throws {
        try await TestFlint().run { client in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.put, "/v1/events", "POST"), (.delete, "/api/v1/triggers", "GET, POST"),
                (.post, "/api/v1/triggers/wifi_signup", "DELETE, GET, PATCH"), (.patch, "/health/live", "GET"),
            ]
            for (method, path, allowed) in cases {
                let response = try await client.send(method, path)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.errorCode == "method_not_allowed")
                #expect(response.headers[.allow] == allowed)
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

    /// Compares the document with the router's own routes, so a route added without documentation fails.
    @Test func everyRouteIsDocumented() async throws {
        let flint = TestFlint()
        defer { try? FileManager.default.removeItem(at: flint.folder) }
        let store = try SQLiteStore(folder: flint.folder)
        let routed = try await store.whileRunning {
            let components = try await FlintComponents(
                configuration: flint.configuration, store: store, clock: flint.clock, logger: Logger(label: "test"))
            let router = try buildRouter(components, configuration: flint.configuration)
            try await components.close()
            // The web UI's pages are HTML for people, not part of the API.
            return Set(
                router.routes.filter { !WebUIMiddleware.isWebPath($0.path.description) }.map { "\($0.method.rawValue) \($0.path.description)" })
        }
        #expect(routed.count >= 36)
        try await TestFlint().run { client in
            let operations = Self.operations(in: String(buffer: try await client.send(.get, "/openapi.yaml", token: nil).body))
            let documented = Set(operations.map { "\($0.0) \($0.1)" })
            #expect(documented == routed, "documented only: \(documented.subtracting(routed).sorted()); routed only: \(routed.subtracting(documented).sorted())")
        }
    }
}
