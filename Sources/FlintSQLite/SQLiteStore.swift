import FlintCore
import Foundation

/// The embedded store: one SQLite file, one node, changes fanned out within the process.
public struct SQLiteStore: StorageBackend {
    public let database: SQLiteDatabase
    public let storage: Storage
    public let changes: any ChangeFeed = InProcessChangeFeed()
    /// Held while this store is open: one process serves a data folder.
    private let lock: SQLiteFolderLock
    public var kind: String { "sqlite" }
    public var pollInterval: Duration? { nil }

    /// Locks `folder` and opens `flint.sqlite` in it; ``migrate()`` brings it up to date.
    public init(folder: URL, inspectorRetention: Int = 1000) throws {
        // The lock first: opening the database may already write to it.
        lock = try SQLiteFolderLock(folder: folder)
        database = try SQLiteDatabase(folder: folder)
        storage = database.storage(inspectorRetention: inspectorRetention)
    }

    public func migrate() async throws {
        try database.migrate()
    }

    /// Nothing runs beside an embedded database; this waits until Flint stops.
    public func run() async throws {
        let (stream, _) = AsyncStream.makeStream(of: Never.self)
        for await _ in stream {}
    }
}
