import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("UserStore contract")
struct UserStoreContractTests {
    static func user(_ id: String, _ role: User.Role) -> User {
        User(id: id, email: "\(id)@example.com", role: role, passwordHash: "hash", createdAt: 1_000)
    }

    @Test(arguments: StoreKind.all) func theLastAdminCanBeNeitherDemotedNorRemoved(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            #expect(try await storage.users.createFirst(Self.user("ann", .admin)))
            #expect(try await !storage.users.createFirst(Self.user("eve", .admin)))
            try await storage.users.create(Self.user("bob", .marketer))
            #expect(try await storage.users.setRole(.marketer, forUser: "ann") == .lastAdmin)
            #expect(try await storage.users.delete(userId: "ann") == .lastAdmin)
            #expect(try await storage.users.setRole(.admin, forUser: "bob") == .done)
            #expect(try await storage.users.setRole(.developer, forUser: "ann") == .done)
            #expect(try await storage.users.user(id: "ann")?.role == .developer)
            #expect(try await storage.users.setRole(.admin, forUser: "nobody") == .noSuchUser)
            #expect(try await !storage.users.create(Self.user("bob", .admin)))
            #expect(try await storage.users.user(id: "bob")?.role == .admin)
        }
    }

    @Test(arguments: StoreKind.all) func removingAUserEndsTheirSessionsAndExpiredSessionsGo(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            _ = try await storage.users.createFirst(Self.user("ann", .admin))
            try await storage.users.create(Self.user("bob", .marketer))
            try await storage.users.createSession(WebSession(tokenHash: "t1", userId: "bob", csrfToken: "c", createdAt: 0, expiresAt: 10_000))
            try await storage.users.createSession(WebSession(tokenHash: "t2", userId: "ann", csrfToken: "c", createdAt: 0, expiresAt: 5_000))
            #expect(try await storage.users.session(tokenHash: "t1", now: 1_000) != nil)
            #expect(try await storage.users.delete(userId: "bob") == .done)
            #expect(try await storage.users.session(tokenHash: "t1", now: 1_000) == nil)
            #expect(try await storage.users.session(tokenHash: "t2", now: 5_000) == nil)
            #expect(try await storage.users.deleteExpiredSessions(now: 6_000) == 1)
        }
    }
}
