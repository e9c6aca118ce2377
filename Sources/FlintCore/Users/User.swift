/// Someone who signs in to Flint's web UI.
public struct User: Sendable, Equatable {
    public var id: String
    /// Lower-cased, unique.
    public var email: String
    public var role: Role
    /// bcrypt, never the password.
    public var passwordHash: String
    public var createdAt: Int64

    public init(id: String, email: String, role: Role, passwordHash: String, createdAt: Int64) {
        self.id = id
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    /// What a user may do.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        /// Everything, users and ingestion keys included.
        case admin
        /// Triggers, journeys, customers and records.
        case marketer
        /// Reads triggers, their snippets and the inspector.
        case developer

        /// Create, edit, delete and mark ready triggers, journeys, customers and records.
        public var mayEdit: Bool { self != .developer }
        /// Manage users and ingestion keys.
        public var mayAdminister: Bool { self == .admin }

        public var title: String {
            switch self {
            case .admin: "Admin"
            case .marketer: "Marketer"
            case .developer: "Developer"
            }
        }
    }
}

/// A signed-in browser: the cookie holds a random token, the store only its hash.
public struct WebSession: Sendable, Equatable {
    /// SHA-256 (hex) of the cookie's token.
    public var tokenHash: String
    public var userId: String
    /// The token every state-changing form of this session must carry.
    public var csrfToken: String
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(tokenHash: String, userId: String, csrfToken: String, createdAt: Int64, expiresAt: Int64) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
