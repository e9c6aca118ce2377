import FlintCore
import FlintEngine
import FlintSQLite
import FlintSnippets
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// Assembles Flint: storage, services and routes. The one composition root.
///
/// - Parameters:
///   - clock: the wall clock; tests inject their own.
///   - onAdminTokenGenerated: called with a newly generated admin token, so it can be shown once.
public func buildApplication(
    configuration: FlintConfiguration, clock: any WallClock = SystemWallClock(), logger: Logger? = nil,
    onAdminTokenGenerated: @Sendable (String) -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "flint")
    logger.logLevel = configuration.logLevel
    if let url = configuration.databaseURL {
        throw ConfigurationError(
            "FLINT_DATABASE_URL is set (\(url.prefix(11))…), but this build of Flint runs on embedded SQLite only; unset it")
    }
    let database = try SQLiteDatabase(folder: configuration.dataFolder)
    let storage = database.storage(inspectorRetention: configuration.inspectorRetention)
    let registry = PrometheusCollectorRegistry()
    let metricsFactory = PrometheusMetricsFactory(registry: registry)

    let catalog = TriggerCatalog(store: storage.triggers, clock: clock)
    try await catalog.load()
    let keys = IngestionKeyService(store: storage.keys, clock: clock, logger: logger)
    try await keys.load()
    let (admin, generatedToken) = try await AdminAuthenticator.bootstrap(
        configuredToken: configuration.adminToken, settings: storage.settings)
    if let generatedToken { onAdminTokenGenerated(generatedToken) }

    let dispatchSignal = WakeSignal()
    let committer = GroupCommitter(
        store: storage.events, logger: logger, metrics: metricsFactory, afterCommit: { dispatchSignal.signal() })
    let ingestionMetrics = IngestionMetrics(factory: metricsFactory)
    let ingestor = Ingestor(catalog: catalog, committer: committer, clock: clock, metrics: ingestionMetrics)
    let journeys = JourneyCatalog(store: storage.journeys, triggers: catalog, clock: clock)
    try await journeys.load()
    let engine = JourneyEngine(
        storage: storage, catalog: journeys, triggers: catalog, ingestor: ingestor,
        channels: try await makeChannels(configuration, settings: storage.settings, clock: clock),
        dispatchSignal: dispatchSignal, clock: clock, sleeper: ContinuousClock(), logger: logger)

    let router = Router(context: FlintRequestContext.self)
    router.add(middleware: CORSMiddleware(keys: keys))
    router.add(middleware: ErrorMiddleware())
    OperationsController(
        health: storage.health, committer: committer, registry: registry,
        openAPIDocument: try OperationsController.loadOpenAPIDocument()
    ).addRoutes(to: router)
    SegmentController(
        segment: SegmentIngestor(ingestor: ingestor, triggers: catalog, customers: storage.customers, clock: clock, logger: logger),
        keys: keys, metrics: ingestionMetrics
    ).addRoutes(to: router)
    IngestionController(ingestor: ingestor, metrics: ingestionMetrics).addRoutes(
        to: router.group("v1")
            .add(middleware: IngestionAuthenticationMiddleware(keys: keys, metrics: ingestionMetrics))
            .group(context: IngestionRequestContext.self))
    let management = router.group("api/v1")
        .add(middleware: AdminAuthenticationMiddleware(authenticator: admin))
        .group(context: AdminRequestContext.self)
    TriggerController(catalog: catalog, events: storage.events).addRoutes(to: management.group("triggers"))
    SnippetController(catalog: catalog, keys: keys, generator: try SnippetGenerator(), publicURL: configuration.publicURL)
        .addRoutes(to: management.group("triggers"))
    WebSDKController(script: try WebSDKController.loadScript()).addRoutes(to: router)
    IngestionKeyController(keys: keys).addRoutes(to: management.group("ingestion-keys"))
    JourneyController(catalog: journeys, runs: storage.runs, dryRun: engine.dryRun, clock: clock)
        .addRoutes(to: management.group("journeys"))
    CustomerController(customers: storage.customers, clock: clock).addRoutes(to: management)

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "flint"),
        logger: logger)
    app.addServices(committer)
    app.addServices(engine.services)
    return app
}
