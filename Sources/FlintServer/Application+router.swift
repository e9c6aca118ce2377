import FlintCore
import FlintEngine
import FlintSnippets
import FlintWeb
import Hummingbird

/// Every route of Flint in front of `components`. Middleware order matters: CORS answers preflights,
/// errors become the JSON shape, path parameters are decoded once, and the management API is
/// authenticated before routing, so an unknown `/api/v1` path answers 401 like a real one.
public func buildRouter(_ components: FlintComponents, configuration: FlintConfiguration) throws -> Router<FlintRequestContext> {
    let storage = components.storage
    let routes = RouteTable()
    let router = Router(context: FlintRequestContext.self)
    router.add(middleware: CORSMiddleware(keys: components.keys))
    router.add(middleware: ErrorMiddleware(routes: routes))
    if !configuration.trustedProxies.isEmpty { router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies)) }
    router.add(middleware: AdminAuthenticationMiddleware(authenticator: components.admin, pathPrefix: "/api/v1"))
    router.add(middleware: PathParameterDecodingMiddleware())
    router.add(middleware: WebUIMiddleware(users: components.users))
    OperationsController(
        health: storage.health, committer: components.committer, registry: components.registry,
        openAPIDocument: try OperationsController.loadOpenAPIDocument()
    ).addRoutes(to: router)
    SegmentController(
        segment: SegmentIngestor(
            ingestor: components.ingestor, triggers: components.catalog, customers: components.customers, logger: components.logger),
        gate: components.ingestionGate, metrics: components.ingestionMetrics
    ).addRoutes(to: router)
    components.ingestionController.addRoutes(
        to: router.group("v1")
            .add(middleware: IngestionAuthenticationMiddleware(admission: components.ingestionAdmission))
            .group(context: IngestionRequestContext.self))
    let management = router.group("api/v1").group(context: AdminRequestContext.self)
    TriggerController(catalog: components.catalog, entities: components.entities, events: storage.events)
        .addRoutes(to: management.group("triggers"))
    EntityController(entities: components.entities, journeys: components.journeys, records: components.records)
        .addRoutes(to: management.group("entities"))
    let snippets = SnippetController(
        catalog: components.catalog, keys: components.keys, generator: try SnippetGenerator(), publicURL: configuration.publicURL)
    snippets.addRoutes(to: management.group("triggers"))
    WebSDKController(script: try WebSDKController.loadScript()).addRoutes(to: router)
    TrackingController(tracking: components.tracking).addRoutes(to: router, pacing: components.publicPacing)
    IngestionKeyController(keys: components.keys).addRoutes(to: management.group("ingestion-keys"))
    JourneyController(catalog: components.journeys, runs: storage.runs, dryRun: components.engine.dryRun, clock: components.clock)
        .addRoutes(to: management.group("journeys"))
    CustomerController(customers: components.customers).addRoutes(to: management)
    UserController(users: components.users).addRoutes(to: management.group("users"))
    // The web UI, at the paths ``WebUIMiddleware`` owns.
    WebAccountController(users: components.users, assets: try WebAssets(), publicURL: configuration.publicURL).addRoutes(to: router)
    WebTriggerController(
        catalog: components.catalog, entities: components.entities, events: storage.events, keys: components.keys, snippets: snippets,
        links: components.developerLinks
    ).addRoutes(to: router)
    WebKeyController(keys: components.keys).addRoutes(to: router)
    WebUserController(users: components.users).addRoutes(to: router)
    WebJourneyController(
        catalog: components.journeys, runs: storage.runs, triggers: components.catalog, entities: components.entities,
        dryRun: components.engine.dryRun, clock: components.clock
    ).addRoutes(to: router)
    WebCustomerController(customers: components.customers, entities: components.entities, records: components.records, clock: components.clock)
        .addRoutes(to: router)
    routes.install(router.routes.map { ($0.method, $0.path) })
    return router
}
