import FlintCore
import Logging
import PostgresNIO

/// ``SettingsStore`` on the `settings` table.
public struct PostgresSettingsStore: SettingsStore {
    let client: PostgresClient
    let logger: Logger

    public func value(forKey key: String) async throws -> String? {
        try await client.query("SELECT value FROM settings WHERE key = \(key)", logger: logger).decode(String.self).first()
    }

    public func setValueIfAbsent(_ value: String, forKey key: String) async throws -> String {
        // One statement: either this value is inserted, or the one another node stored first is read back.
        let stored = try await client.query(
            """
            WITH inserted AS (INSERT INTO settings (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO NOTHING RETURNING value)
            SELECT value FROM inserted UNION ALL SELECT value FROM settings WHERE key = \(key)
            """, logger: logger
        ).decode(String.self).first()
        return stored ?? value
    }
}
