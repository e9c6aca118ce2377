import FlintCore
import FlintSQLite
import FlintServer

/// The one place that picks the store: PostgreSQL when `FLINT_DATABASE_URL` is set, else embedded SQLite.
enum StoreChoice {
    static func open(_ configuration: FlintConfiguration) throws -> any StorageBackend {
        if let url = configuration.databaseURL {
            throw ConfigurationError(
                "FLINT_DATABASE_URL is set (\(url.prefix(11))…), but this build of Flint runs on embedded SQLite only; unset it")
        }
        return try SQLiteStore(folder: configuration.dataFolder, inspectorRetention: configuration.inspectorRetention)
    }
}
