import FlintCore
import FlintEngine
import Foundation
import Hummingbird
import Logging

/// Assembles Flint: storage, services, routes and the HTTP server. The one composition root.
///
/// - Parameters:
///   - store: the storage the command line picked, migrated and running (``StorageBackend/run()``).
///   - clock: the wall clock; tests inject their own.
///   - ids: where new journeys, keys, users and events without a `messageId` get their ids; tests inject their own.
///   - onAdminTokenGenerated: called with a newly generated admin token, so it can be shown once.
public func buildApplication(
    configuration: FlintConfiguration, store: any StorageBackend, clock: any WallClock = SystemWallClock(), ids: any IdentifierSource = RandomIdentifiers(),
    logger: Logger? = nil,
    onAdminTokenGenerated: @Sendable (String) -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "flint")
    logger.logLevel = configuration.logLevel
    let components = try await FlintComponents(
        configuration: configuration, store: store, clock: clock, ids: ids, logger: logger, onAdminTokenGenerated: onAdminTokenGenerated)
    let serverName = "flint"
    var app = Application(
        router: try buildRouter(components, configuration: configuration),
        server: .flint(
            configuration.http, logger: logger, serverName: serverName,
            singleEvents: SingleEventIntake(
                admission: components.ingestionAdmission, controller: components.ingestionController,
                proxies: configuration.trustedProxies, logger: logger)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        logger: logger)
    // Services stop in reverse order: the tracking counter writes its last counts before the committer stops.
    app.addServices(components.follower, components.committer, components.trackingCounter)
    app.addServices(components.engine.services)
    app.addServices(components.webhookClient, components.retention)
    return app
}
