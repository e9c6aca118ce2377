import Foundation

/// Where ingestion keys live; secrets only as hashes.
public protocol IngestionKeyStore: Sendable {
    func insert(_ key: IngestionKey) async throws
    /// Every key not revoked, expired ones included, oldest first.
    func unrevoked() async throws -> [IngestionKey]
    func key(id: String) async throws -> IngestionKey?
    /// Stores `replacement` and sets the old key's expiry, in one transaction.
    func rotate(id: String, expiresAt: Date, replacement: IngestionKey) async throws
    /// Revokes a key at once; false when there was no such unrevoked key.
    func revoke(id: String, at time: Date) async throws -> Bool
}
