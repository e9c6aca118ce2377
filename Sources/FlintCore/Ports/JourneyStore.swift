/// Where journeys and their versions live.
public protocol JourneyStore: Sendable {
    /// Stores a new journey at version 1; `triggers` are every trigger its definition uses.
    func create(_ journey: StoredJourney, triggers: [String]) async throws
    /// Stores `journey`'s definition as its current version (a new version, or the same one replaced)
    /// and the triggers it uses.
    func saveVersion(_ journey: StoredJourney, triggers: [String]) async throws
    func setStatus(id: String, status: StoredJourney.Status, liveSince: Int64?, at time: Int64) async throws
    func journey(id: String) async throws -> StoredJourney?
    func all() async throws -> [StoredJourney]
    /// The definition of one version, as JSON.
    func definitionJSON(id: String, version: Int) async throws -> String?
    /// Changes whenever any journey is created, changed, published or stopped, so a node can tell at a
    /// glance whether its index of live journeys is behind.
    func stamp() async throws -> String
    /// Whether any run was started on this version.
    func hasRuns(id: String, version: Int) async throws -> Bool
}
