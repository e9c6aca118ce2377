import FlintCore
/// Resolves a host name to every address it has, so each can be checked before a webhook connects.
public protocol HostResolver: Sendable {
    /// All addresses of `host`; throws ``DeliveryError`` when it has none.
    func addresses(of host: String) async throws(DeliveryError) -> [IPAddress]
}
