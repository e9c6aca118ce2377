import FlintCore
import Synchronization

/// A ``SettingsStore`` in memory.
final class InMemorySettingsStore: SettingsStore {
    private let values = Mutex<[String: String]>([:])

    var all: [String: String] { values.withLock { $0 } }

    func value(forKey key: String) async throws -> String? {
        values.withLock { $0[key] }
    }

    func setValueIfAbsent(_ value: String, forKey key: String) async throws -> String {
        values.withLock { values in
            if let existing = values[key] { return existing }
            values[key] = value
            return value
        }
    }
}
