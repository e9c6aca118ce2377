import FlintCore
import Logging
import PostgresNIO

/// The change feed of several nodes on one database: a change is sent with `NOTIFY`, and every node
/// (the sender too) `LISTEN`s on one connection and fans what arrives out to its followers.
///
/// A notification can be lost (the listening connection drops, a node restarts): after reconnecting,
/// and once a minute anyway, followers are told to reload ``StoreChange/everything``.
public final class PostgresChangeFeed: ChangeFeed {
    static let channel = "flint_changes"

    private let client: PostgresClient
    private let logger: Logger
    private let local = InProcessChangeFeed()
    private let outgoing: AsyncStream<StoreChange>
    private let outbox: AsyncStream<StoreChange>.Continuation
    private let resyncInterval: Duration

    init(client: PostgresClient, logger: Logger, resyncInterval: Duration = .seconds(60)) {
        self.client = client
        self.logger = logger
        self.resyncInterval = resyncInterval
        (outgoing, outbox) = AsyncStream.makeStream(of: StoreChange.self)
    }

    public func publish(_ change: StoreChange) {
        outbox.yield(change)
    }

    public func subscribe() -> AsyncStream<StoreChange> {
        local.subscribe()
    }

    /// Sends published changes, listens for every node's, and resyncs, until the task is cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.send() }
            group.addTask { await self.listen() }
            group.addTask {
                while (try? await Task.sleep(for: self.resyncInterval)) != nil { self.local.publish(.everything) }
            }
        }
    }

    private func send() async {
        for await change in outgoing {
            do {
                try await client.query("SELECT pg_notify(\(Self.channel), \(change.payload))", logger: logger)
            } catch {
                // Other nodes catch up at their next resync; this node has applied the change already.
                logger.warning("could not announce a change", metadata: ["change": "\(change.payload)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    private func listen() async {
        var reconnected = false
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Whatever was sent while this node was not listening is read back whole.
                        if reconnected { local.publish(.everything) }
                        reconnected = true
                        for try await notification in notifications {
                            if let change = StoreChange(payload: notification.payload) { local.publish(change) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for changes failed; retrying in a second", metadata: ["error": "\(String(reflecting: error))"])
            }
            reconnected = true
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
