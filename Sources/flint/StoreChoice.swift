import FlintCore
import FlintPostgres
import FlintSQLite
import FlintServer
import Foundation
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

    /// What to tell the operator when `error` means the store cannot be used as it is (a damaged or
    /// missing database file); nil for other errors.
    static func startProblem(_ error: any Error, configuration: FlintConfiguration) -> String? {
        guard configuration.databaseURL == nil else { return nil }
        return SQLiteStartError.explanation(of: error, file: configuration.dataFolder.appendingPathComponent("flint.sqlite"))?.description
    }

    /// Exit status for a store Flint will not start on: `EX_CONFIG`, which supervisors can be told not to
    /// restart on (systemd: `RestartPreventExitStatus=78`), so a damaged database is not a crash loop.
    static let startProblemExitCode: Int32 = 78
}
