import FlintCore
import FlintServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web UI admin routes")
struct WebAdminRouteTests {
    @Test func anAdminAddsAUserWhoseRoleLimitsThem() async throws {
        try await WebUIRouteTests.flint().run { client in
            let admin = WebBrowser(client)
            try await admin.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await admin.get("/users")
            #expect(page.status == .ok && page.text.contains("ann@example.com"))
            let token = WebBrowser.csrf(in: page)
            let short = try await admin.post("/users", [("email", "dev@example.com"), ("password", "short"), ("role", "developer")], csrf: token)
            #expect(short.status == .badRequest && short.text.contains("value=\"dev@example.com\""))
            let added = try await admin.post(
                "/users", [("email", "dev@example.com"), ("password", WebUIRouteTests.password), ("role", "developer")], csrf: token)
            #expect(added.status == .created && added.text.contains("dev@example.com can now sign in as Developer"))
            let again = try await admin.post(
                "/users", [("email", "DEV@example.com"), ("password", WebUIRouteTests.password), ("role", "admin")], csrf: token)
            #expect(again.status == .conflict)

            let developer = WebBrowser(client)
            try await developer.signIn("dev@example.com", password: WebUIRouteTests.password)
            let triggers = try await developer.get("/triggers")
            #expect(!triggers.text.contains("href=\"/users\"") && !triggers.text.contains("href=\"/keys\""))
            #expect(try await developer.get("/users").status == .forbidden)
            #expect(try await developer.get("/keys").status == .forbidden)
            let forged = try await developer.post(
                "/users", [("email", "eve@example.com"), ("password", WebUIRouteTests.password), ("role", "admin")], csrf: WebBrowser.csrf(in: triggers))
            #expect(forged.status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/users").json["users"]?.arrayValue?.count == 2)
        }
    }

    @Test func anAdminCreatesAndRevokesKeysThroughTheKeysPage() async throws {
        try await WebUIRouteTests.flint().run { client in
            let admin = WebBrowser(client)
            try await admin.signIn("ann@example.com", password: WebUIRouteTests.password)
            let page = try await admin.get("/keys")
            let created = try await admin.post(
                "/keys", [("name", "server"), ("kind", "secret"), ("allowedOrigins", "")], csrf: WebBrowser.csrf(in: page))
            #expect(created.status == .created && created.text.contains("Copy it now"))
            let keys = try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue ?? []
            let id = try #require(keys.first?["id"]?.stringValue)
            let badOrigin = try await admin.post(
                "/keys", [("name", "web"), ("kind", "publishable"), ("allowedOrigins", "not an origin")], csrf: WebBrowser.csrf(in: page))
            #expect(badOrigin.status == .badRequest && badOrigin.text.contains("id=\"allowedOrigins-error\""))
            let revoked = try await admin.post("/keys/\(id)/revoke", [], csrf: WebBrowser.csrf(in: page))
            #expect(revoked.status == .seeOther)
            #expect(try await client.send(.get, "/api/v1/ingestion-keys").json["keys"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func anAdminChangesRolesAndRemovesUsersButNeverTheLastAdminOrThemselves() async throws {
        try await WebUIRouteTests.flint().run { client in
            try await WebUIRouteTests.addUser(client, email: "bob@example.com", role: "marketer")
            let users = try await client.send(.get, "/api/v1/users").json["users"]?.arrayValue ?? []
            let ann = try #require(users.first { $0["email"] == "ann@example.com" }?["id"]?.stringValue)
            let bob = try #require(users.first { $0["email"] == "bob@example.com" }?["id"]?.stringValue)
            let admin = WebBrowser(client)
            try await admin.signIn("ann@example.com", password: WebUIRouteTests.password)
            let bobsBrowser = WebBrowser(client)
            try await bobsBrowser.signIn("bob@example.com", password: WebUIRouteTests.password)

            let page = try await admin.get("/users")
            let token = WebBrowser.csrf(in: page)
            #expect(try await admin.post("/users/\(ann)/role", [("role", "developer")], csrf: token).status == .forbidden)
            #expect(try await admin.post("/users/\(bob)/role", [("role", "admin")], csrf: token).status == .seeOther)
            #expect(try await bobsBrowser.get("/users").status == .ok)
            #expect(try await admin.post("/users/\(bob)/remove", [], csrf: token).status == .seeOther)
            // Removed: signed out everywhere at once.
            #expect(try await bobsBrowser.get("/triggers").headers[.location] == "/sign-in")
            #expect(try await client.send(.get, "/api/v1/users").json["users"]?.arrayValue?.count == 1)
        }
    }
}
