/// A link that shows one trigger's snippets and live inspector to someone without an account (a
/// developer at an agency), until it expires or is revoked. The URL holds a random token; the store
/// keeps only its hash.
public struct DeveloperLink: Sendable, Equatable {
    public var id: String
    public var trigger: String
    public var tokenHash: String
    /// The user who made it.
    public var createdBy: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?

    public init(id: String, trigger: String, tokenHash: String, createdBy: String, createdAt: Int64, expiresAt: Int64, revokedAt: Int64? = nil) {
        self.id = id
        self.trigger = trigger
        self.tokenHash = tokenHash
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func isValid(at now: Int64) -> Bool {
        revokedAt == nil && now < expiresAt
    }
}
