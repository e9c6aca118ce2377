import AsyncHTTPClient
import FlintCore
import FlintEngine
import FlintSnippets
import Foundation
import Logging
import Metrics
import Prometheus

/// Everything Flint is made of, wired together but not yet running: storage, catalogs, the ingestion
/// path, the journey engine and its channels. ``buildApplication(configuration:store:clock:ids:logger:onAdminTokenGenerated:)``
/// runs its services; ``buildRouter(_:configuration:)`` puts HTTP in front of it.
public struct FlintComponents: Sendable {
    let storage: Storage
    let registry: PrometheusCollectorRegistry
    let catalog: TriggerCatalog
    let entities: EntityCatalog
    let records: RecordService
    let customers: CustomerService
    let tracking: TrackingService
    let trackingCounter: TrackingCounter
    /// Paces the public tracking and unsubscribe routes per client address.
    let publicPacing: ClientPacing
    let keys: IngestionKeyService
    /// The way in of every ingestion route: the key's checks and the limits per client address.
    let ingestionGate: IngestionGate
    /// Says when limits per client refuse requests through a proxy Flint does not trust (once a minute at most).
    let proxyWarning = UntrustedProxyWarning()
    let admin: AdminAuthenticator
    /// The web UI's users and sessions, and the developer links it hands out.
    let users: UserService
    let developerLinks: DeveloperLinkService
    let committer: GroupCommitter
    let ingestionMetrics: IngestionMetrics
    let ingestor: Ingestor
    let journeys: JourneyCatalog
    let engine: JourneyEngine
    /// Follows the store's change feed, so changes made through other nodes reach this one.
    let follower: ChangeFollower
    /// Prunes old events, finished runs' traces and send records in the background.
    let retention: RetentionService
    /// The webhook client (redirects off), shut down with the services.
    let webhookClient: HTTPClientService
    let clock: any WallClock
    let logger: Logger

    /// Loads the catalogs from the store (migrated, and running: see ``StorageBackend/run()``).
    ///
    /// - Parameters:
    ///   - store: the storage the command line picked.
    ///   - clock: the wall clock; tests inject their own.
    ///   - ids: where new journeys, keys, users and events without a `messageId` get their ids.
    ///   - onAdminTokenGenerated: called with a newly generated admin token, so it can be shown once.
    public init(
        configuration: FlintConfiguration, store: any StorageBackend, clock: any WallClock = SystemWallClock(),
        ids: any IdentifierSource = RandomIdentifiers(), logger: Logger,
        onAdminTokenGenerated: @Sendable (String) -> Void = { _ in }
    ) async throws {
        storage = store.storage
        let changes = store.changes
        registry = PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: registry)

        catalog = TriggerCatalog(store: storage.triggers, clock: clock, changes: changes)
        try await catalog.load()
        entities = EntityCatalog(store: storage.entities, triggers: catalog, clock: clock, changes: changes)
        try await entities.load()
        keys = IngestionKeyService(store: storage.keys, clock: clock, changes: changes, logger: logger, ids: ids)
        ingestionGate = IngestionGate(
            keys: keys, publishableRatePerClient: configuration.publishableRatePerClient.map(Double.init),
            failuresPerClient: Double(configuration.failedKeyRatePerClient), clock: clock,
            refusalHold: .milliseconds(configuration.refusalHoldMilliseconds))
        try await keys.load()
        let (admin, generatedToken) = try await AdminAuthenticator.bootstrap(
            configuredToken: configuration.adminToken, settings: storage.settings)
        self.admin = admin
        if let generatedToken { onAdminTokenGenerated(generatedToken) }
        users = UserService(store: storage.users, clock: clock, bcryptCost: configuration.passwordHashCost, ids: ids)
        developerLinks = DeveloperLinkService(store: storage.developerLinks, clock: clock)
        if let email = configuration.firstAdminEmail, let password = configuration.firstAdminPassword {
            do {
                try await users.bootstrap(email: email, password: password)
            } catch let error as FlintError {
                throw ConfigurationError("FLINT_ADMIN_EMAIL / FLINT_ADMIN_PASSWORD: \(error.details.map(\.problem).joined(separator: "; "))")
            }
        }

        let dispatchSignal = WakeSignal()
        committer = GroupCommitter(
            store: storage.events, logger: logger, metrics: metricsFactory, afterCommit: { dispatchSignal.signal() })
        ingestionMetrics = IngestionMetrics(factory: metricsFactory)
        ingestor = Ingestor(catalog: catalog, committer: committer, clock: clock, metrics: ingestionMetrics, ids: ids)
        customers = CustomerService(store: storage.customers, committer: committer, clock: clock)
        records = RecordService(entities: entities, triggers: catalog, store: storage.entities, committer: committer, clock: clock)
        journeys = JourneyCatalog(store: storage.journeys, triggers: catalog, clock: clock, changes: changes, entities: entities, ids: ids)
        try await journeys.load()
        webhookClient = HTTPClientService(client: WebhookSender.makeClient())
        let channels = try await makeChannels(configuration, settings: storage.settings, clock: clock, webhookClient: webhookClient.client)
        var generator = SystemRandomNumberGenerator()
        let signer = TrackingSigner(
            secret: try await storage.settings.setValueIfAbsent(KeyFormat.randomString(length: 48, using: &generator), forKey: "tracking_key"))
        trackingCounter = TrackingCounter(committer: committer, logger: logger)
        tracking = TrackingService(signer: signer, committer: committer, customers: customers, counter: trackingCounter, clock: clock)
        let rate = Double(configuration.publicRatePerClient)
        publicPacing = ClientPacing(ratePerClient: rate, burst: rate * 10, maximumDelay: 2)
        engine = JourneyEngine(
            storage: storage, committer: committer, catalog: journeys, triggers: catalog, delivery: channels, retry: channels.retry,
            commercialCapPerDay: channels.commercialCapPerDay, dispatchSignal: dispatchSignal, clock: clock, sleeper: ContinuousClock(),
            jobs: StepJobs(maximumInFlight: configuration.stepConcurrency, maximumPerDestination: configuration.stepConcurrencyPerDestination),
            tracking: configuration.publicURL.map { EmailTracking(baseURL: $0, signer: signer) }, entities: entities, pollInterval: store.pollInterval, logger: logger)
        follower = ChangeFollower(
            changes: changes, triggers: catalog, keys: keys, journeys: journeys, entities: entities, awaited: engine.awaited,
            runs: storage.runs, dispatchSignal: dispatchSignal, logger: logger)
        retention = RetentionService(
            store: storage.retention, policy: configuration.retention, clock: clock, sleeper: ContinuousClock(), logger: logger,
            metrics: metricsFactory)
        self.clock = clock
        self.logger = logger
    }

    /// Releases what the services would release at shutdown, for components that never ran.
    public func close() async throws {
        try await webhookClient.client.shutdown()
    }
}

extension FlintComponents {
    /// How ingestion requests are let in, for the router's ingestion routes and the lean event path alike.
    var ingestionAdmission: IngestionAdmission {
        IngestionAdmission(gate: ingestionGate, metrics: ingestionMetrics, proxyWarning: proxyWarning)
    }

    var ingestionController: IngestionController {
        IngestionController(ingestor: ingestor, metrics: ingestionMetrics)
    }
}
