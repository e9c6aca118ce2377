import FlintCore
import FlintSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import FlintServer

/// Every route the router has, asked with every kind of wrong credential, and the web UI's with each
/// role. Routes come from the router itself, so a route added later is in the matrix at once, and one
/// that fits no rule below fails the test until it is given one.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var description: String { "\(method) \(path)" }

        /// The path with every parameter filled in with something that exists or looks plausible.
        var concrete: String {
            let values = [
                "{name}": "wifi_signup", "{trigger}": "wifi_signup", "{entity}": "order", "{language}": "curl", "{file}": "flint.css",
                "{id}": "missing-id", "{token}": "not-a-token",
            ]
            return values.reduce(path) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
    }

    /// Who may call a route.
    enum Audience: Equatable {
        /// Anyone: health, metrics, the OpenAPI document, the web SDK, assets, sign-in and setup, tracking,
        /// unsubscribe and developer links (whose token is the credential).
        case everyone
        /// The admin token.
        case management
        /// An ingestion key.
        case ingestion
        /// A signed-in web user of at least this role.
        case web(User.Role)
    }

    static func audience(of route: Route) -> Audience? {
        let path = route.path
        let publicPaths: Set<String> = [
            "/health/live", "/health/ready", "/metrics", "/openapi.yaml", "/sdk/flint.js", "/assets/{file}", "/sign-in", "/setup",
            "/t/c/{token}", "/t/o/{token}", "/u/{token}", "/d/{token}", "/d/{token}/live", "/d/{token}/snippets/{language}",
        ]
        if publicPaths.contains(path) { return .everyone }
        if path.hasPrefix("/api/v1/") { return .management }
        if path.hasPrefix("/v1/") { return .ingestion }
        if path == "/sign-out" { return .web(.developer) }
        if path.hasPrefix("/keys") || path.hasPrefix("/users") { return .web(.admin) }
        // Pages that change things, the forms that lead to them, and customer data are for editors.
        let editorPages: Set<String> = ["/triggers/new", "/triggers/{name}/edit", "/journeys/new", "/journeys/{id}/edit", "/customers"]
        if route.method != .get || editorPages.contains(path) { return .web(.marketer) }
        let readable = ["/", "/triggers", "/journeys"]
        if readable.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return .web(.developer) }
        return nil
    }

    /// The routes of a freshly built router.
    static func routes() async throws -> [Route] {
        let flint = TestFlint()
        defer { try? FileManager.default.removeItem(at: flint.folder) }
        let store = try SQLiteStore(folder: flint.folder)
        return try await store.whileRunning {
            let components = try await FlintComponents(
                configuration: flint.configuration, store: store, clock: flint.clock, logger: Logger(label: "matrix"))
            let routes = try buildRouter(components, configuration: flint.configuration).routes.map { Route(method: $0.method, path: "\($0.path)") }
            try await components.close()
            return routes
        }
    }

    @Test func everyRouteHasAnAudience() async throws {
        let routes = try await Self.routes()
        #expect(routes.count > 80)
        let unclassified = routes.filter { Self.audience(of: $0) == nil }
        #expect(unclassified.isEmpty, "routes without a rule in the matrix: \(unclassified)")
    }

    /// The management API takes the admin token and nothing else: not a wrong token, not an ingestion
    /// key, not a web session.
    @Test func managementRoutesRefuseEveryOtherCredential() async throws {
        let routes = try await Self.routes().filter { Self.audience(of: $0) == .management }
        try await WebUIRouteTests.flint().run { client in
            let key = try await client.setUpTriggerAndKey()
            let browser = WebBrowser(client)
            try await browser.signIn("ann@example.com", password: WebUIRouteTests.password)
            for route in routes {
                for token in [nil, "wrong-token", key, TestFlint.adminToken + "x"] as [String?] {
                    let response = try await client.send(route.method, route.concrete, json: [:], token: token)
                    #expect(response.status == .unauthorized, "\(route) with \(token ?? "no token")")
                }
                let withSession = try await browser.request(route.method, route.concrete)
                #expect(withSession.status == .unauthorized, "\(route) with a web session")
                let admin = try await client.send(route.method, route.concrete, json: [:])
                #expect(admin.status != .unauthorized && admin.status != .forbidden, "\(route) with the admin token")
            }
        }
    }

    /// Ingestion takes a working key only: not none, not the admin token, not a revoked key, not a key
    /// rotated out after its grace, not a publishable key from a foreign origin, not a secret key from a
    /// browser. (A publishable key without an `Origin`, as apps send it, is allowed: API.md.)
    @Test func ingestionRoutesRefuseEveryKeyThatShouldNotWork() async throws {
        let routes = try await Self.routes().filter { Self.audience(of: $0) == .ingestion }
        #expect(routes.count == 5)
        let flint = TestFlint()
        try await flint.run { client in
            let secret = try await client.setUpTriggerAndKey()
            func key(_ request: JSONValue) async throws -> (id: String, key: String) {
                let created = try await client.send(.post, "/api/v1/ingestion-keys", json: request)
                return (try #require(created.json["id"]?.stringValue), try #require(created.json["key"]?.stringValue))
            }
            let revoked = try await key(["name": "revoked", "kind": "secret"])
            #expect(try await client.send(.delete, "/api/v1/ingestion-keys/\(revoked.id)").status == .noContent)
            let rotated = try await key(["name": "rotated", "kind": "secret"])
            let rotation = try await client.send(.post, "/api/v1/ingestion-keys/\(rotated.id)/rotate", json: ["graceSeconds": 60])
            #expect(rotation.status == .created)
            let publishable = try await key(["name": "web", "kind": "publishable", "allowedOrigins": ["https://shop.example"]])
            // Still within the grace period: the old key works.
            #expect(try await client.send(.post, "/v1/events", json: validEvent(), token: rotated.key).status == .accepted)
            flint.clock.advance(by: 61)

            let foreign: HTTPFields = [.origin: "https://evil.example"]
            let cases: [(String, String?, HTTPFields, HTTPResponse.Status)] = [
                ("no key", nil, [:], .unauthorized),
                ("the admin token", TestFlint.adminToken, [:], .unauthorized),
                ("a revoked key", revoked.key, [:], .unauthorized),
                ("a key rotated out after its grace", rotated.key, [:], .unauthorized),
                ("a publishable key from a foreign origin", publishable.key, foreign, .forbidden),
                ("a secret key from a browser", secret, [.origin: "https://shop.example"], .forbidden),
            ]
            for route in routes {
                let body: JSONValue = route.path.hasPrefix("/v1/events/batch") ? ["events": [validEvent()]] : validEvent()
                for (name, token, headers, expected) in cases {
                    let response = try await client.send(route.method, route.concrete, json: body, token: token, headers: headers)
                    #expect(response.status == expected, "\(route) with \(name): \(response.status)")
                }
                let working = try await client.send(route.method, route.concrete, json: body, token: secret)
                #expect(working.status != .unauthorized && working.status != .forbidden, "\(route) with a working key")
            }
        }
    }

    /// The web UI: signed out, every page leads to sign-in; signed in, each role reaches what it may and
    /// is refused the rest with 403, forms included (sent with a valid CSRF token, so the role decides).
    @Test func webRoutesAnswerEachRoleByItsRights() async throws {
        let routes = try await Self.routes().filter { if case .web = Self.audience(of: $0) { return true } else { return false } }
        try await WebUIRouteTests.flint().run { client in
            _ = try await client.send(.post, "/api/v1/triggers", json: wifiTrigger)
            try await WebUIRouteTests.addUser(client, email: "mo@example.com", role: "marketer")
            try await WebUIRouteTests.addUser(client, email: "dev@example.com", role: "developer")
            let signedOut = WebBrowser(client)
            for route in routes {
                let response = try await signedOut.request(route.method, route.concrete)
                // Pages lead to sign-in; forms without a session's CSRF token are refused; the live
                // inspector's poll answers 401 (it is fetched by script, not shown).
                let refused =
                    response.status == .seeOther && response.headers[.location] == "/sign-in" || response.status == .forbidden
                    || (response.status == .unauthorized && route.path.hasSuffix("/live"))
                #expect(refused, "\(route) signed out: \(response.status)")
            }
            for (email, role) in [("dev@example.com", User.Role.developer), ("mo@example.com", .marketer), ("ann@example.com", .admin)] {
                let browser = WebBrowser(client)
                try await browser.signIn(email, password: WebUIRouteTests.password)
                let csrf = WebBrowser.csrf(in: try await browser.get("/triggers"))
                for route in routes {
                    guard case .web(let needed) = Self.audience(of: route), route.path != "/sign-out" else { continue }
                    let response =
                        route.method == .get
                        ? try await browser.get(route.concrete) : try await browser.post(route.concrete, [], csrf: csrf)
                    let allowed = Self.rank(role) >= Self.rank(needed)
                    if allowed {
                        let signInAgain = response.status == .seeOther && response.headers[.location] == "/sign-in"
                        #expect(response.status != .forbidden && response.status != .unauthorized && !signInAgain, "\(route) as \(role): \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(route) as \(role): \(response.status)")
                    }
                }
            }
        }
    }

    static func rank(_ role: User.Role) -> Int {
        switch role {
        case .developer: 0
        case .marketer: 1
        case .admin: 2
        }
    }
}
