import FlintCore
import Logging
import PostgresNIO

/// Several Flint nodes on one PostgreSQL database: every port on a pooled `PostgresClient`, numbered
/// migrations under an advisory lock, a `LISTEN`/`NOTIFY` change feed, and work claimed with leases.
public final class PostgresStore: StorageBackend {
    /// How the store behaves; the defaults suit most deployments.
    public struct Options: Sendable {
        /// Connections at most (the change listener holds one of them).
        public var poolSize = 20
        /// How long a node holds claimed work (an event to dispatch, a due timer, a step it performs)
        /// before another node may take it over. Longer than the slowest step, shorter than you can wait.
        public var leaseMilliseconds: Int64 = 60_000
        public var inspectorRetention = 1000
        public var pollInterval: Duration = .seconds(1)

        public init() {}
    }

    public let client: PostgresClient
    public let storage: Storage
    public let feed: PostgresChangeFeed
    public let pollInterval: Duration?
    let logger: Logger
    /// Yields once ``run()`` has started the pool, so ``migrate()`` does not ask for a connection before.
    private let started: AsyncStream<Void>
    private let starting: AsyncStream<Void>.Continuation

    public init(url: PostgresURL, options: Options = Options(), clock: any WallClock = SystemWallClock(), logger: Logger) {
        var configuration = url.configuration
        configuration.options.maximumConnections = max(2, options.poolSize)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        pollInterval = options.pollInterval
        (started, starting) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        feed = PostgresChangeFeed(client: client, logger: logger)
        let lease = options.leaseMilliseconds
        storage = Storage(
            triggers: PostgresTriggerStore(client: client, logger: logger),
            events: PostgresEventStore(
                client: client, logger: logger, inspectorRetention: options.inspectorRetention, leaseMilliseconds: lease, clock: clock),
            keys: PostgresIngestionKeyStore(client: client, logger: logger),
            settings: PostgresSettingsStore(client: client, logger: logger),
            health: PostgresStorageHealth(client: client, logger: logger),
            journeys: PostgresJourneyStore(client: client, logger: logger),
            runs: PostgresRunStore(client: client, logger: logger, leaseMilliseconds: lease),
            customers: PostgresCustomerStore(client: client, logger: logger),
            eventLog: PostgresEventLogReader(client: client, logger: logger, leaseMilliseconds: lease),
            entities: PostgresEntityStore(client: client, logger: logger),
            users: PostgresUserStore(client: client, logger: logger),
            developerLinks: PostgresDeveloperLinkStore(client: client, logger: logger),
            retention: PostgresRetentionStore(client: client, logger: logger))
    }

    public var kind: String { "postgres" }
    public var changes: any ChangeFeed { feed }

    public func migrate() async throws {
        for await _ in started { break }
        try await PostgresMigrations.migrate(client, logger: logger)
    }

    /// Runs the connection pool, the change feed and the folding of trigger tallies until cancelled.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            starting.yield()
            group.addTask { await self.feed.run() }
            group.addTask {
                while (try? await Task.sleep(for: .seconds(2))) != nil {
                    do {
                        try await PostgresTriggerStore.foldTallies(client: self.client, logger: self.logger)
                    } catch {
                        self.logger.warning("folding trigger counts failed; trying again", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
            }
        }
    }
}
