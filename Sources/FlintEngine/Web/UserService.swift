import Dispatch
import FlintCore
import Foundation
import HummingbirdBcrypt
import Synchronization

/// Users of the web UI and their sign-ins: the first admin, the one-time setup, sign-in with bcrypt and
/// throttling, and sessions whose cookie token is stored only as its hash.
public final class UserService: Sendable {
    /// How long a sign-in lasts.
    public static let sessionLifetime: Int64 = 7 * 24 * 3600 * 1000
    static let minimumPasswordLength = 10

    private let store: any UserStore
    private let clock: any WallClock
    private let ids: any IdentifierSource
    private let bcryptCost: UInt8
    private let throttle: LoginThrottle
    private let hashing = PasswordHashing()
    /// A valid hash of a random password at this service's cost, checked when the email is unknown, so
    /// both failures take as long; made at the first sign-in.
    private let decoy = Mutex<String?>(nil)

    /// - Parameter bcryptCost: 12 in production; tests pass 4, bcrypt's minimum, to stay fast.
    public init(store: any UserStore, clock: any WallClock, bcryptCost: UInt8 = 12, ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.bcryptCost = bcryptCost
        throttle = LoginThrottle()
    }

    /// Whether nobody can sign in yet, so the first visit offers the one-time setup form.
    public func needsSetup() async throws -> Bool {
        try await store.userCount() == 0
    }

    /// Creates the first admin from `FLINT_ADMIN_EMAIL` / `FLINT_ADMIN_PASSWORD` when there are no users.
    public func bootstrap(email: String, password: String) async throws {
        let user = try await newUser(email: email, password: password, role: .admin)
        _ = try await store.createFirst(user)
    }

    /// The one-time setup: creates the first admin; refused once any user exists.
    public func setUp(email: String, password: String) async throws -> User {
        let user = try await newUser(email: email, password: password, role: .admin)
        guard try await store.createFirst(user) else { throw FlintError(.forbidden, "Flint is already set up; sign in instead") }
        return user
    }

    public func createUser(email: String, password: String, role: User.Role) async throws -> User {
        let user = try await newUser(email: email, password: password, role: role)
        guard try await store.create(user) else {
            throw FlintError(.userExists, "A user with the email \(user.email) already exists")
        }
        return user
    }

    public func users() async throws -> [User] {
        try await store.users()
    }

    /// Changes `id`'s role (never leaving Flint without an admin); `actor` cannot change their own.
    public func setRole(_ role: User.Role, forUser id: String, by actor: User) async throws {
        guard id != actor.id else { throw FlintError(.forbidden, "You cannot change your own role; ask another admin") }
        try Self.check(try await store.setRole(role, forUser: id), user: id)
    }

    /// Removes `id` and signs them out everywhere (never the last admin, never oneself).
    public func remove(userId id: String, by actor: User) async throws {
        guard id != actor.id else { throw FlintError(.forbidden, "You cannot remove yourself; ask another admin") }
        try Self.check(try await store.delete(userId: id), user: id)
    }

    private static func check(_ change: UserChange, user id: String) throws {
        switch change {
        case .done: return
        case .noSuchUser: throw FlintError.notFound("User \(id)")
        case .lastAdmin: throw FlintError(.forbidden, "Flint needs at least one admin; make someone else admin first")
        }
    }

    /// Checks the password and opens a session; returns the cookie's token with it.
    ///
    /// A wrong email and a wrong password fail alike (and take as long: the hash is checked either way).
    public func signIn(email: String, password: String, client: String) async throws -> (token: String, session: WebSession, user: User) {
        let email = Self.normalized(email)
        let now = Double(clock.now().millisecondsSince1970) / 1000
        if let wait = throttle.attempt(email: email, client: client, now: now) {
            throw FlintError(.rateLimited, "Too many sign-in attempts; try again in \(wait) seconds", retryAfter: wait)
        }
        let user = try await store.user(email: email)
        let hash: String
        if let stored = user?.passwordHash { hash = stored } else { hash = try await decoyHash() }
        let matches = try await hashing.run { Bcrypt.verify(password, hash: hash) }
        guard let user, matches else { throw FlintError(.unauthorized, "The email or the password is wrong") }
        throttle.succeeded(email: email, client: client)
        var generator = SystemRandomNumberGenerator()
        let token = KeyFormat.randomString(length: 43, using: &generator)
        let created = clock.now().millisecondsSince1970
        let session = WebSession(
            tokenHash: SecretHash.hex(token), userId: user.id, csrfToken: KeyFormat.randomString(length: 32, using: &generator),
            createdAt: created, expiresAt: created + Self.sessionLifetime)
        try await store.createSession(session)
        // Expired sessions go as new ones come (one indexed delete), so the table stays small.
        try await store.deleteExpiredSessions(now: created)
        return (token, session, user)
    }

    /// The session of a cookie's token and its user, unless it expired or was signed out.
    public func session(token: String) async throws -> (WebSession, User)? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        guard let session = try await store.session(tokenHash: SecretHash.hex(token), now: clock.now().millisecondsSince1970),
            let user = try await store.user(id: session.userId)
        else { return nil }
        return (session, user)
    }

    public func signOut(token: String) async throws {
        try await store.deleteSession(tokenHash: SecretHash.hex(token))
    }

    private func newUser(email: String, password: String, role: User.Role) async throws -> User {
        let email = Self.normalized(email)
        var problems: [Problem] = []
        if !Self.looksLikeEmail(email) { problems.append(Problem(field: "email", problem: "Enter an email address like ann@example.com")) }
        if password.count < Self.minimumPasswordLength {
            problems.append(Problem(field: "password", problem: "Use at least \(Self.minimumPasswordLength) characters"))
        } else if password.utf8.count > 72 {
            problems.append(Problem(field: "password", problem: "Use at most 72 bytes (bcrypt ignores the rest)"))
        }
        guard problems.isEmpty else { throw FlintError(.validationFailed, "The user is not valid", details: problems) }
        let cost = bcryptCost
        let hash = try await hashing.run { Bcrypt.hash(password, cost: cost) }
        return User(
            id: ids.make(prefix: "usr_"), email: email, role: role, passwordHash: hash,
            createdAt: clock.now().millisecondsSince1970)
    }

    static func normalized(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func looksLikeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return email.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }

    private func decoyHash() async throws -> String {
        if let known = decoy.withLock({ $0 }) { return known }
        let cost = bcryptCost
        let made = try await hashing.run { Bcrypt.hash(UUID().uuidString, cost: cost) }
        return decoy.withLock { stored in
            if stored == nil { stored = made }
            return stored!
        }
    }
}
