/// The storage Flint runs on, as one unit the command line picks: SQLite embedded (the default) or
/// PostgreSQL for several nodes. It brings its ports, its migrator, what it must run while Flint
/// runs, and its change feed.
public protocol StorageBackend: Sendable {
    /// `sqlite` or `postgres`, for logs.
    var kind: String { get }
    var storage: Storage { get }
    var changes: any ChangeFeed { get }
    /// How often the engine looks for work other nodes left (events, due timers, lapsed claims) when
    /// nothing woke it; nil when this process is the only writer.
    var pollInterval: Duration? { get }
    /// Applies the numbered migrations not yet applied; safe when several nodes start at once.
    func migrate() async throws
    /// Runs what the store needs while Flint runs (a connection pool, a change listener) until the
    /// task is cancelled. Flint starts it before anything reads the store and stops it last.
    func run() async throws
}

extension StorageBackend {
    /// Starts ``run()``, applies the migrations, and calls `body` while the store runs; stops the store
    /// when `body` returns or throws.
    public func whileRunning<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { try await self.run() }
            try await migrate()
            let result = try await body()
            group.cancelAll()
            return result
        }
    }
}
