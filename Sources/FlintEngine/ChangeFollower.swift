import FlintCore
import Logging
import ServiceLifecycle

/// Keeps this node's in-memory state (trigger definitions, keys, the live-journey index, entities,
/// and, after a possible miss, awaited triggers) in step with changes any node made, by following the store's change feed.
public struct ChangeFollower: Service {
    let changes: any ChangeFeed
    let triggers: TriggerCatalog
    let keys: IngestionKeyService
    let journeys: JourneyCatalog
    let entities: EntityCatalog
    let awaited: AwaitedTriggers
    let runs: any RunStore
    /// The dispatcher's wake-up, for events other nodes committed.
    let dispatchSignal: WakeSignal
    let logger: Logger

    public init(
        changes: any ChangeFeed, triggers: TriggerCatalog, keys: IngestionKeyService, journeys: JourneyCatalog,
        entities: EntityCatalog, awaited: AwaitedTriggers, runs: any RunStore, dispatchSignal: WakeSignal, logger: Logger
    ) {
        self.dispatchSignal = dispatchSignal
        self.changes = changes
        self.triggers = triggers
        self.keys = keys
        self.journeys = journeys
        self.entities = entities
        self.awaited = awaited
        self.runs = runs
        self.logger = logger
    }

    /// Reads notices as they come and applies them merged (``PendingChanges``): while one reload runs,
    /// the notices that arrive meanwhile wait as one of each kind.
    public func run() async throws {
        let stream = changes.subscribe()
        let pending = PendingChanges()
        let arrived = WakeSignal()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await change in stream {
                        pending.add(change)
                        arrived.signal()
                    }
                }
                while !Task.isCancelled {
                    await arrived.wait()
                    for change in pending.take() {
                        do {
                            try await apply(change)
                        } catch {
                            // The next change, or the feed's next `everything`, tries again.
                            logger.warning("following a change failed", metadata: ["change": "\(change.payload)", "error": "\(error)"])
                        }
                    }
                }
            }
        }
    }

    func apply(_ change: StoreChange) async throws {
        switch change {
        case .trigger(let name):
            try await triggers.refresh(named: name)
        case .ingestionKeys:
            try await keys.load()
        case .journeys:
            try await journeys.load()
        case .entities:
            try await entities.load()
        case .work:
            dispatchSignal.signal()
        case .everything:
            try await entities.load()
            try await triggers.reloadDefinitions()
            try await keys.load()
            try await journeys.load()
            awaited.formUnion(try await runs.awaitedTriggers())
            dispatchSignal.signal()
        }
    }
}
