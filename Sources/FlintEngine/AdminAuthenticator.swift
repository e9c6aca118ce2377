import FlintCore
import Foundation

/// Checks the management API's bearer token against the hash of the admin token.
public struct AdminAuthenticator: Sendable {
    static let settingsKey = "admin_token_sha256"
    private let tokenHash: String

    public init(tokenHash: String) {
        self.tokenHash = tokenHash
    }

    public func isValid(_ token: String) -> Bool {
        SecretHash.constantTimeEquals(SecretHash.hex(token), tokenHash)
    }

    /// Uses `configuredToken` (`FLINT_ADMIN_TOKEN`) when given; otherwise the stored hash, or a new
    /// token whose hash is stored. Returns the new token, if one was made, so it can be shown once.
    public static func bootstrap(
        configuredToken: String?, settings: any SettingsStore
    ) async throws -> (authenticator: AdminAuthenticator, generatedToken: String?) {
        if let configuredToken, !configuredToken.isEmpty {
            return (AdminAuthenticator(tokenHash: SecretHash.hex(configuredToken)), nil)
        }
        if let stored = try await settings.value(forKey: settingsKey) {
            return (AdminAuthenticator(tokenHash: stored), nil)
        }
        var generator = SystemRandomNumberGenerator()
        let token = "flint_admin_" + KeyFormat.randomString(length: 40, using: &generator)
        let stored = try await settings.setValueIfAbsent(SecretHash.hex(token), forKey: settingsKey)
        let won = stored == SecretHash.hex(token)
        return (AdminAuthenticator(tokenHash: stored), won ? token : nil)
    }
}
