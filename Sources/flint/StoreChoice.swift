import FlintCore
import FlintPostgres
import FlintSQLite
import FlintServer
import Logging

/// The one place that picks the store: PostgreSQL when `FLINT_DATABASE_URL` is set (several nodes may
/// share it), else embedded SQLite in the data folder.
enum StoreChoice {
    static func open(_ configuration: FlintConfiguration, logger: Logger) throws -> any StorageBackend {
        guard let url = configuration.databaseURL else {
            return try SQLiteStore(folder: configuration.dataFolder, inspectorRetention: configuration.inspectorRetention)
        }
        let postgres: PostgresURL
        do {
            postgres = try PostgresURL(url)
        } catch {
            throw ConfigurationError(error.message)
        }
        var options = PostgresStore.Options()
        options.poolSize = configuration.databasePoolSize
        options.leaseMilliseconds = Int64(configuration.claimLeaseSeconds) * 1000
        options.inspectorRetention = configuration.inspectorRetention
        return PostgresStore(url: postgres, options: options, logger: logger)
    }
}
