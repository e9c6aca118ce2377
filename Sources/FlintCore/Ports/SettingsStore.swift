/// Small persistent settings, such as the hash of the generated admin token.
public protocol SettingsStore: Sendable {
    func value(forKey key: String) async throws -> String?
    /// Stores `value` unless the key already has one; returns the value that is stored afterwards.
    func setValueIfAbsent(_ value: String, forKey key: String) async throws -> String
}
