import FlintCore
@testable import FlintEngine
import FlintSQLite
import Foundation
import Logging
import Metrics
import Testing

/// The journey engine on a real SQLite database in a temporary folder, with an injected wall clock,
/// a fake delivery and the timer service's sleeper unused: tests move time and fire timers by hand,
/// and dispatch pages themselves, so nothing sleeps in real time.
struct EngineHarness: Sendable {
    let folder: URL
    let storage: Storage
    let clock: TestWallClock
    let triggers: TriggerCatalog
    let journeys: JourneyCatalog
    let entities: EntityCatalog
    let committer: GroupCommitter
    let ingestor: Ingestor
    let engine: JourneyEngine
    let delivery: FakeDelivery
    let changes: InProcessChangeFeed
    let keys: IngestionKeyService
    let follower: ChangeFollower

    /// - Parameters:
    ///   - adapt: replaces stores (a failing customer store, an event store that fails run saves) before the engine is built.
    static func make(
        folder: URL? = nil, delivery: FakeDelivery = FakeDelivery(), retry: RetryPolicy = RetryPolicy(attempts: 3, initialDelay: .seconds(10)),
        jobs: StepJobs = StepJobs(maximumInFlight: 16, maximumPerDestination: 4), tracking: EmailTracking? = nil,
        changes: InProcessChangeFeed = InProcessChangeFeed(), sharesStore: Bool = false, adapt: (inout Storage) -> Void = { _ in }
    ) async throws -> EngineHarness {
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("flint-engine-tests-\(UUID().uuidString)")
        var storage = try SQLiteDatabase.migrated(folder: folder).storage()
        adapt(&storage)
        let clock = TestWallClock()
        let logger = Logger(label: "engine-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let triggers = TriggerCatalog(store: storage.triggers, clock: clock, changes: changes)
        try await triggers.load()
        let entities = EntityCatalog(store: storage.entities, triggers: triggers, clock: clock, changes: changes)
        try await entities.load()
        let journeys = JourneyCatalog(store: storage.journeys, triggers: triggers, clock: clock, changes: changes, entities: entities)
        try await journeys.load()
        let signal = WakeSignal()
        let committer = GroupCommitter(store: storage.events, logger: logger, metrics: NOOPMetricsHandler.instance, afterCommit: { signal.signal() })
        let ingestor = Ingestor(catalog: triggers, committer: committer, clock: clock, metrics: IngestionMetrics(factory: NOOPMetricsHandler.instance))
        let engine = JourneyEngine(
            storage: storage, committer: committer, catalog: journeys, triggers: triggers, delivery: delivery, retry: retry,
            dispatchSignal: signal, clock: clock, sleeper: ContinuousClock(), jobs: jobs, tracking: tracking, entities: entities,
            pollInterval: sharesStore ? .seconds(1) : nil, logger: logger)
        let keys = IngestionKeyService(store: storage.keys, clock: clock, changes: changes, logger: logger)
        try await keys.load()
        let follower = ChangeFollower(
            changes: changes, triggers: triggers, keys: keys, journeys: journeys, entities: entities, awaited: engine.awaited,
            runs: storage.runs, dispatchSignal: signal, logger: logger)
        return EngineHarness(
            folder: folder, storage: storage, clock: clock, triggers: triggers, journeys: journeys, entities: entities, committer: committer,
            ingestor: ingestor, engine: engine, delivery: delivery, changes: changes, keys: keys, follower: follower)
    }

    /// Runs the commit loops and the executor around `body`, then stops them.
    func run(_ body: @Sendable (EngineHarness) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.run() }
            group.addTask { try await engine.executor.run() }
            do {
                try await body(self)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    var records: RecordService {
        RecordService(entities: entities, triggers: triggers, store: storage.entities, committer: committer, clock: clock)
    }

    /// A ready custom trigger for contacts.
    func readyTrigger(_ name: String, attributes: [AttributeDefinition] = [AttributeDefinition(name: "plan", type: .text)]) async throws {
        let trigger = Trigger(
            definition: TriggerDefinition(name: name, title: name, attributes: attributes),
            status: .ready, createdAt: clock.now(), verifiedAt: clock.now(), readyAt: clock.now())
        try await storage.triggers.create(trigger)
        try await triggers.load()
    }

    /// Creates and publishes a journey; returns its id.
    func liveJourney(_ definition: JSONValue) async throws -> String {
        let id = try await journeys.create(definition).stored.id
        _ = try await journeys.publish(id: id)
        return id
    }

    func ingest(_ trigger: String, authId: String, messageId: String) async throws {
        let outcome = try await ingestor.ingest(["trigger": .string(trigger), "authId": .string(authId), "messageId": .string(messageId)])
        guard case .accepted = outcome else { throw HarnessError("event \(messageId) was not accepted: \(outcome)") }
    }

    /// Dispatches everything in the log: the dispatcher decides and records, so this never waits on a send.
    func dispatch() async throws {
        while try await engine.dispatcher.dispatchNextPage() {}
    }

    var customers: CustomerService { CustomerService(store: storage.customers, committer: committer, clock: clock) }

    /// A contact with an email address and transactional email consent, written through the engine.
    func contact(_ id: String) async throws {
        var customer = Customer(id: id, type: .contact)
        customer.email = "\(id)@example.com"
        customer.consent.email = ChannelConsent(commercial: false, transactional: true)
        _ = try await customers.put(customer)
    }

    /// Appends an event Flint emits itself (a click, an open) through the group commit.
    func emit(_ event: AcceptedEvent) async throws {
        _ = try await committer.commit([.accepted(event)])
    }

    func runs(_ journeyId: String) async throws -> [JourneyRun] {
        try await storage.runs.runs(journeyId: journeyId, authId: nil, limit: 100)
    }

    /// Yields until `condition` holds (background services move runs); no real-time sleep.
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<50_000 {
            if try await condition() { return }
            await Task.yield()
        }
        throw HarnessError("never happened: \(what)")
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A webhook journey: `trigger` starts it, one webhook step to `host`.
func webhookJourney(_ name: String, trigger: String, host: String) -> JSONValue {
    [
        "name": .string(name), "trigger": .string(trigger),
        "steps": [["id": "hook", "type": "webhook", "url": .string("https://\(host)/hook"), "body": "{}"]],
    ]
}
