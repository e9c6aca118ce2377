import FlintCore
import Foundation

/// The embedded store: one SQLite file, one node, changes fanned out within the process.
public struct SQLiteStore: StorageBackend {
    public let database: SQLiteDatabase
    public let storage: Storage
    public let changes: any ChangeFeed = InProcessChangeFeed()
    public var kind: String { "sqlite" }
    public var pollInterval: Duration? { nil }

    /// Opens `flint.sqlite` in `folder`; ``migrate()`` brings it up to date.
    public init(folder: URL, inspectorRetention: Int = 1000) throws {
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
