import FlintCore
import Foundation
import GRDB

/// The embedded database: one SQLite file in WAL mode under the data folder.
///
/// Commits are fully synchronous (`PRAGMA synchronous = FULL`), so a returned write survives
/// power loss, not only a crash of the process; group commit keeps that affordable.
public final class SQLiteDatabase: Sendable {
    /// The GRDB pool: one writer, concurrent readers.
    public let pool: DatabasePool
    /// The database file.
    public let file: URL

    /// Opens (creating when needed) `flint.sqlite` in `folder`; ``migrate()`` brings its schema up to date.
    public init(folder: URL) throws {
        let file = Self.file(in: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStartError("Flint cannot create its data folder \(folder.path): \(error.localizedDescription)")
        }
        // A write-ahead log without its database: the database was deleted or lost, and starting empty
        // beside the log would hide that.
        if !FileManager.default.fileExists(atPath: file.path), FileManager.default.fileExists(atPath: file.path + "-wal") {
            throw SQLiteStartError(
                """
                \(file.path) is missing, but its write-ahead log \(file.lastPathComponent)-wal is there: the database was \
                deleted or lost. Restore your latest backup as \(file.lastPathComponent) (README, "Backups"), or remove \
                the -wal and -shm files to start empty.
                """)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "flint"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Indexes keyed by customer (runs, records) take inserts all over their trees: the writer keeps
            // up to 64 MiB of pages (SQLite's default is 2 MiB, which they outgrow after a few thousand runs,
            // and every insert then reads pages back from the file). Readers keep 8 MiB each. Both are
            // ceilings, not allocations: an idle Flint stays small.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
        }
        pool = try SQLiteStartError.explaining(at: file) { try DatabasePool(path: file.path, configuration: configuration) }
        self.file = file
    }

    /// `flint.sqlite` in `folder`.
    static func file(in folder: URL) -> URL { folder.appendingPathComponent("flint.sqlite") }

    /// Applies the migrations not yet applied (SQLite's write lock keeps two processes from racing).
    public func migrate() throws {
        try SQLiteStartError.explaining(at: file) { try SQLiteMigrations.migrator.migrate(pool) }
    }

    /// Opens and migrates, for tests and tools that want a ready database in one step.
    public static func migrated(folder: URL) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(folder: folder)
        try database.migrate()
        return database
    }

    /// Every store of the embedded mode, sharing this database.
    public func storage(inspectorRetention: Int = 1000) -> Storage {
        Storage(
            triggers: SQLiteTriggerStore(pool: pool),
            events: SQLiteEventStore(pool: pool, inspectorRetention: inspectorRetention),
            keys: SQLiteIngestionKeyStore(pool: pool),
            settings: SQLiteSettingsStore(pool: pool),
            health: SQLiteStorageHealth(pool: pool),
            journeys: SQLiteJourneyStore(pool: pool),
            runs: SQLiteRunStore(pool: pool),
            customers: SQLiteCustomerStore(pool: pool),
            eventLog: SQLiteEventLogReader(pool: pool),
            entities: SQLiteEntityStore(pool: pool),
            users: SQLiteUserStore(pool: pool),
            developerLinks: SQLiteDeveloperLinkStore(pool: pool),
            retention: SQLiteRetentionStore(pool: pool))
    }
}
