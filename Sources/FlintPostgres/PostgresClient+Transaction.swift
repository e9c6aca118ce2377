import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, throwing the closure's own error (a `FlintError` the caller maps) rather than
    /// postgres-nio's wrapper, unless rolling back failed too.
    func transaction<Result>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ body: nonisolated(nonsending) (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            throw error
        }
    }
}
