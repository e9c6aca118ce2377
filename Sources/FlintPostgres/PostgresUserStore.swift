import FlintCore
import Logging
import PostgresNIO

/// ``UserStore`` on the `users` and `web_sessions` tables.
public struct PostgresUserStore: UserStore {
    let client: PostgresClient
    let logger: Logger

    public func userCount() async throws -> Int {
        try await client.query("SELECT count(*) FROM users", logger: logger).decode(Int.self).first() ?? 0
    }

    public func create(_ user: User) async throws -> Bool {
        try await client.query(
            """
            INSERT INTO users (id, email, role, password_hash, created_at)
            VALUES (\(user.id), \(user.email.lowercased()), \(user.role.rawValue), \(user.passwordHash), \(user.createdAt))
            ON CONFLICT (email) DO NOTHING RETURNING id
            """, logger: logger
        ).collect().count == 1
    }

    public func createFirst(_ user: User) async throws -> Bool {
        // The advisory lock makes "no users yet" and the insert one step, whichever node asks.
        try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.lockKey + 1))", logger: logger)
            let count = try await connection.query("SELECT count(*) FROM users", logger: logger).decode(Int.self).first() ?? 0
            guard count == 0 else { return false }
            try await connection.query(
                """
                INSERT INTO users (id, email, role, password_hash, created_at)
                VALUES (\(user.id), \(user.email.lowercased()), \(user.role.rawValue), \(user.passwordHash), \(user.createdAt))
                """, logger: logger)
            return true
        }
    }

    public func user(email: String) async throws -> User? {
        try await client.query("SELECT * FROM users WHERE email = \(email.lowercased())", logger: logger).collect().first.map(Self.user(from:))
    }

    public func user(id: String) async throws -> User? {
        try await client.query("SELECT * FROM users WHERE id = \(id)", logger: logger).collect().first.map(Self.user(from:))
    }

    public func users() async throws -> [User] {
        try await client.query("SELECT * FROM users ORDER BY email COLLATE \"C\"", logger: logger).collect().map(Self.user(from:))
    }

    public func setRole(_ role: User.Role, forUser id: String) async throws -> UserChange {
        try await changeUser(id, removesAdmin: role != .admin) { connection in
            try await connection.query("UPDATE users SET role = \(role.rawValue) WHERE id = \(id)", logger: logger)
        }
    }

    public func delete(userId id: String) async throws -> UserChange {
        try await changeUser(id, removesAdmin: true) { connection in
            try await connection.query("DELETE FROM users WHERE id = \(id)", logger: logger)
        }
    }

    /// Runs `change` unless it would take the role of the last admin. The admins' rows are locked
    /// first, so two admins demoting each other on two nodes cannot both pass the check.
    private func changeUser(
        _ id: String, removesAdmin: Bool, _ change: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> UserChange {
        try await client.transaction(logger: logger) { connection in
            let admins = try await connection.query("SELECT id FROM users WHERE role = 'admin' FOR UPDATE", logger: logger)
                .decode(String.self).collect()
            let role = try await connection.query("SELECT role FROM users WHERE id = \(id)", logger: logger).decode(String.self).first()
            guard let role else { return .noSuchUser }
            if removesAdmin, role == User.Role.admin.rawValue, admins.count <= 1 { return .lastAdmin }
            try await change(connection)
            return .done
        }
    }

    public func createSession(_ session: WebSession) async throws {
        try await client.query(
            """
            INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at)
            VALUES (\(session.tokenHash), \(session.userId), \(session.csrfToken), \(session.createdAt), \(session.expiresAt))
            """, logger: logger)
    }

    public func session(tokenHash: String, now: Int64) async throws -> WebSession? {
        try await client.query(
            "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM web_sessions WHERE token_hash = \(tokenHash) AND expires_at > \(now)",
            logger: logger
        ).decode((String, String, String, Int64, Int64).self).first().map { row in
            WebSession(tokenHash: row.0, userId: row.1, csrfToken: row.2, createdAt: row.3, expiresAt: row.4)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM web_sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }

    public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await client.query("DELETE FROM web_sessions WHERE expires_at <= \(now) RETURNING token_hash", logger: logger).collect().count
    }

    private static func user(from row: PostgresRow) throws -> User {
        let row = row.columns
        return User(
            id: try row.value("id"), email: try row.value("email"), role: User.Role(rawValue: try row.value("role")) ?? .developer,
            passwordHash: try row.value("password_hash"), createdAt: try row.value("created_at"))
    }
}
