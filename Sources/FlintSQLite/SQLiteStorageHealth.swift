import FlintCore
import GRDB

/// Probes whether SQLite grants the write lock, without writing anything.
public struct SQLiteStorageHealth: StorageHealth {
    let pool: DatabasePool

    public func checkWritable() async throws {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "ROLLBACK")
        }
    }
}
