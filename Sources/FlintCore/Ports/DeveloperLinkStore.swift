/// Where developer links live (in Flint's database, so every node honours a revocation).
public protocol DeveloperLinkStore: Sendable {
    func create(_ link: DeveloperLink) async throws
    /// The link with this token hash, valid or not (the caller checks expiry and revocation).
    func link(tokenHash: String) async throws -> DeveloperLink?
    /// A trigger's links that still work at `now`, newest first.
    func links(trigger: String, now: Int64) async throws -> [DeveloperLink]
    /// Revokes the link; false when it does not exist (or belongs to another trigger).
    func revoke(id: String, trigger: String, at now: Int64) async throws -> Bool
}
