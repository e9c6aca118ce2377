import FlintCore
import Logging
import PostgresNIO

/// Whether PostgreSQL answers and takes writes (not a read-only standby), for `/health/ready`.
public struct PostgresStorageHealth: StorageHealth {
    let client: PostgresClient
    let logger: Logger

    public func checkWritable() async throws {
        let (client, logger) = (client, logger)
        // A database that is down makes a query wait for a connection; readiness answers at once instead.
        let readOnly = try await PostgresClient.withinDeadline(logger: logger) {
            try await client.query("SELECT pg_is_in_recovery()", logger: logger).decode(Bool.self).first()
        }
        if readOnly != false { throw FlintError(.unavailable, "PostgreSQL is read-only (a standby)") }
    }
}
