import FlintCore

/// Developer links: made by a marketer on a trigger's page, opened by anyone holding the URL until
/// they expire or are revoked. The token is 256 bits of randomness; only its hash is stored.
public struct DeveloperLinkService: Sendable {
    /// The lifetimes offered, in days.
    public static let lifetimes = [1, 7, 30]
    let store: any DeveloperLinkStore
    let clock: any WallClock

    public init(store: any DeveloperLinkStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// A new link to `trigger`, valid for `days`; returns it with the token its URL carries.
    public func create(trigger: String, days: Int, by user: User) async throws -> (link: DeveloperLink, token: String) {
        guard Self.lifetimes.contains(days) else {
            throw FlintError(.validationFailed, "Choose how long the link works", details: [Problem(field: "days", problem: "1, 7 or 30")])
        }
        var generator = SystemRandomNumberGenerator()
        let token = KeyFormat.randomString(length: 43, using: &generator)
        let now = clock.now().millisecondsSince1970
        let link = DeveloperLink(
            id: "dvl_" + KeyFormat.randomString(length: 16, using: &generator), trigger: trigger, tokenHash: SecretHash.hex(token),
            createdBy: user.email, createdAt: now, expiresAt: now + Int64(days) * 86_400_000)
        try await store.create(link)
        return (link, token)
    }

    /// The link a URL's token opens; nil when unknown, expired or revoked (all look the same).
    public func open(token: String) async throws -> DeveloperLink? {
        guard !token.isEmpty, token.utf8.count <= 128, let link = try await store.link(tokenHash: SecretHash.hex(token)) else { return nil }
        return link.isValid(at: clock.now().millisecondsSince1970) ? link : nil
    }

    public func links(trigger: String) async throws -> [DeveloperLink] {
        try await store.links(trigger: trigger, now: clock.now().millisecondsSince1970)
    }

    public func revoke(id: String, trigger: String) async throws {
        guard try await store.revoke(id: id, trigger: trigger, at: clock.now().millisecondsSince1970) else {
            throw FlintError.notFound("Developer link \(id)")
        }
    }
}
