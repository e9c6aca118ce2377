import FlintCore
import Foundation
import Synchronization

/// An ``IngestionKeyStore`` in memory, with the SQLite store's semantics.
final class InMemoryIngestionKeyStore: IngestionKeyStore {
    private let keys = Mutex<[IngestionKey]>([])

    var all: [IngestionKey] { keys.withLock { $0 } }

    func insert(_ key: IngestionKey) async throws {
        try keys.withLock { keys in
            if keys.contains(where: { $0.id == key.id || $0.prefix == key.prefix }) { throw FlintError(.internalError, "duplicate key") }
            keys.append(key)
        }
    }

    func unrevoked() async throws -> [IngestionKey] {
        keys.withLock { $0.filter { $0.revokedAt == nil } }
    }

    func key(id: String) async throws -> IngestionKey? {
        keys.withLock { $0.first { $0.id == id } }
    }

    func rotate(id: String, expiresAt: Date, replacement: IngestionKey) async throws {
        try keys.withLock { keys in
            guard let index = keys.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else {
                throw FlintError.notFound("Ingestion key \(id)")
            }
            keys[index].expiresAt = min(keys[index].expiresAt ?? expiresAt, expiresAt)
            keys.append(replacement)
        }
    }

    func revoke(id: String, at time: Date) async throws -> Bool {
        keys.withLock { keys in
            guard let index = keys.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
            keys[index].revokedAt = time
            return true
        }
    }
}
