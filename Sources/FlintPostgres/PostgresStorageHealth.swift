import FlintCore
import Logging
import PostgresNIO

/// Whether PostgreSQL answers and takes writes (not a read-only standby), for `/health/ready`.
public struct PostgresStorageHealth: StorageHealth {
    let client: PostgresClient
    let logger: Logger

    public func checkWritable() async throws {
        let readOnly = try await client.query("SELECT pg_is_in_recovery()", logger: logger).decode(Bool.self).first()
        if readOnly != false { throw FlintError(.unavailable, "PostgreSQL is read-only (a standby)") }
    }
}
