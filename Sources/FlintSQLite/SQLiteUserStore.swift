import FlintCore
import GRDB

/// ``UserStore`` on the `users` and `web_sessions` tables.
public struct SQLiteUserStore: UserStore {
    let pool: DatabasePool

    public func userCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0 }
    }

    public func create(_ user: User) async throws -> Bool {
        try await pool.write { db in
            guard try Self.emailIsFree(user.email, db: db) else { return false }
            try Self.insert(user, db: db)
            return true
        }
    }

    public func createFirst(_ user: User) async throws -> Bool {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM users") == 0 else { return false }
            try Self.insert(user, db: db)
            return true
        }
    }

    public func user(email: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email.lowercased()]).map(Self.user(from:))
        }
    }

    public func user(id: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [id]).map(Self.user(from:))
        }
    }

    public func users() async throws -> [User] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY email").map(Self.user(from:)) }
    }

    public func setRole(_ role: User.Role, forUser id: String) async throws -> UserChange {
        try await pool.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT role FROM users WHERE id = ?", arguments: [id]) else { return .noSuchUser }
            if current == User.Role.admin.rawValue, role != .admin, try Self.isTheLastAdmin(db: db) { return .lastAdmin }
            try db.execute(sql: "UPDATE users SET role = ? WHERE id = ?", arguments: [role.rawValue, id])
            return .done
        }
    }

    public func delete(userId id: String) async throws -> UserChange {
        try await pool.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT role FROM users WHERE id = ?", arguments: [id]) else { return .noSuchUser }
            if current == User.Role.admin.rawValue, try Self.isTheLastAdmin(db: db) { return .lastAdmin }
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            return .done
        }
    }

    /// Asked in the write transaction (SQLite has one writer), so two demotions cannot both pass it.
    private static func isTheLastAdmin(db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM users WHERE role = 'admin'") ?? 0 <= 1
    }

    public func createSession(_ session: WebSession) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt])
        }
    }

    public func session(tokenHash: String, now: Int64) async throws -> WebSession? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM web_sessions WHERE token_hash = ? AND expires_at > ?"), arguments: [tokenHash, now]
            ).map { row in
                WebSession(
                    tokenHash: row["token_hash"], userId: row["user_id"], csrfToken: row["csrf_token"], createdAt: row["created_at"],
                    expiresAt: row["expires_at"])
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    private static func emailIsFree(_ email: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM users WHERE email = ?)", arguments: [email.lowercased()]) ?? true
    }

    private static func insert(_ user: User, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO users (id, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [user.id, user.email.lowercased(), user.role.rawValue, user.passwordHash, user.createdAt])
    }

    private static func user(from row: Row) -> User {
        User(
            id: row["id"], email: row["email"], role: User.Role(rawValue: row["role"]) ?? .developer, passwordHash: row["password_hash"],
            createdAt: row["created_at"])
    }
}
