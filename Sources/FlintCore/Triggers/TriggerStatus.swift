/// Where a trigger is in its integration lifecycle.
///
/// `awaitingIntegration` → `integrationVerified` (the first valid event arrived) → `ready`
/// (a marketer marked it ready to use). Only `ready` triggers can start journeys.
public enum TriggerStatus: String, Sendable, Equatable, CaseIterable, Codable {
    case awaitingIntegration
    case integrationVerified
    case ready
}
