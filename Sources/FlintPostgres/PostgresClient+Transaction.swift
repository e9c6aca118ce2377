import FlintCore
import Logging
import PostgresNIO
import Synchronization

extension PostgresClient {
    /// How long a transaction may take before Flint stops waiting for it.
    static let transactionDeadline: Duration = .seconds(5)

    /// `withTransaction`, throwing the closure's own error (a `FlintError` the caller maps) rather than
    /// postgres-nio's wrapper, unless rolling back failed too; a transaction that has not finished after
    /// ``transactionDeadline`` answers `unavailable`.
    ///
    /// The deadline is a guard against a hang seen in tests: when PostgreSQL restarts in the middle of a
    /// transaction, postgres-nio 1.33 has been seen never to finish it (no error, no result), and the
    /// group commit, which waits for each commit before the next, would then wait forever. Flint stops
    /// waiting instead and abandons the task; should that transaction ever commit, it holds only events
    /// whose senders were told to try again, and a retry is caught as a duplicate.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.withinDeadline(logger: logger) { try await self.unwrappedTransaction(logger: logger, body) }
    }

    /// Runs `work`, but answers `unavailable` once ``transactionDeadline`` has passed without a result
    /// (the abandoned task ends on its own, if ever).
    static func withinDeadline<Result: Sendable>(
        logger: Logger, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = Mutex<CheckedContinuation<Result, any Error>?>(nil)
        let finish: @Sendable (Swift.Result<Result, any Error>) -> Void = { result in
            outcome.withLock { $0.take() }?.resume(with: result)
        }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let worker = Mutex<Task<Void, Never>?>(nil)
            let deadline = Task {
                guard (try? await Task.sleep(for: transactionDeadline)) != nil else { return }
                logger.error("PostgreSQL did not answer in time; no longer waiting")
                finish(.failure(FlintError.unavailable("The database did not answer in time")))
                // Asked to stop, in case postgres-nio honours it; the answer above stands either way.
                worker.withLock { $0 }?.cancel()
            }
            let task = Task {
                do {
                    finish(.success(try await work()))
                } catch {
                    finish(.failure(error))
                }
                deadline.cancel()
            }
            worker.withLock { $0 = task }
        }
    }

    private func unwrappedTransaction<Result: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            throw error
        }
    }
}
