/// Where the web UI's users and their sessions live (in Flint's database, so sessions survive a
/// restart and are shared by every node).
public protocol UserStore: Sendable {
    func userCount() async throws -> Int
    /// Stores a new user; false when the email is taken.
    @discardableResult
    func create(_ user: User) async throws -> Bool
    /// Stores `user` only when there are no users yet (the one-time setup); false otherwise.
    func createFirst(_ user: User) async throws -> Bool
    func user(email: String) async throws -> User?
    func user(id: String) async throws -> User?
    func users() async throws -> [User]
    /// Changes a user's role, unless that would leave no admin (checked in the same transaction, so
    /// two admins demoting each other cannot both win).
    func setRole(_ role: User.Role, forUser id: String) async throws -> UserChange
    /// Removes a user and their sessions, unless they are the last admin.
    func delete(userId id: String) async throws -> UserChange

    func createSession(_ session: WebSession) async throws
    /// The session unless it expired at `now`.
    func session(tokenHash: String, now: Int64) async throws -> WebSession?
    func deleteSession(tokenHash: String) async throws
    /// Forgets sessions that expired before `now`; returns how many.
    @discardableResult
    func deleteExpiredSessions(now: Int64) async throws -> Int
}
