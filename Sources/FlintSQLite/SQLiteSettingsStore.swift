import FlintCore
import GRDB

/// ``SettingsStore`` on the `settings` table.
public struct SQLiteSettingsStore: SettingsStore {
    let pool: DatabasePool

    public func value(forKey key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    public func setValueIfAbsent(_ value: String, forKey key: String) async throws -> String {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", arguments: [key, value])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) ?? value
        }
    }
}
