import FlintCore
import FlintEngine
import Hummingbird

/// The trigger catalog under `/api/v1/triggers`.
struct TriggerController {
    static let maximumBodySize = 256 * 1024
    let catalog: TriggerCatalog
    let entities: EntityCatalog
    let events: any EventStore

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":name", use: read)
        group.patch(":name", use: update)
        group.delete(":name", use: delete)
        group.post(":name/ready", use: markReady)
        group.get(":name/events", use: inspect)
    }

    /// Record triggers name an entity; the catalog of entities checks it exists.
    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let definition = try TriggerDefinition.parse(try await request.jsonBody(limit: Self.maximumBodySize), entities: entities.entity(named:))
        return try .json(encoding: TriggerPresentation(try await catalog.create(definition)), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try .json(encoding: ["triggers": try await catalog.all().map(TriggerPresentation.init)])
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try .json(encoding: TriggerPresentation(try await catalog.trigger(named: try context.parameters.require("name"))))
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let patch = try TriggerPatch.parse(try await request.jsonBody(limit: Self.maximumBodySize), name: name)
        return try .json(encoding: TriggerPresentation(try await catalog.update(named: name, with: patch)))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await catalog.delete(named: try context.parameters.require("name"))
        return Response(status: .noContent)
    }

    @Sendable func markReady(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try .json(encoding: TriggerPresentation(try await catalog.markReady(named: try context.parameters.require("name"))))
    }

    /// The integration inspector: the trigger's latest events, newest first.
    @Sendable func inspect(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let limit = try request.uri.queryParameters.get("limit").map { text -> Int in
            guard let value = Int(text), (1...1000).contains(value) else {
                throw FlintError(.invalidRequest, "limit must be a whole number from 1 to 1000", details: [Problem(field: "limit", problem: "got \(text.prefix(20))")])
            }
            return value
        } ?? 50
        _ = try await catalog.trigger(named: name)
        let entries = try await events.inspectorEntries(trigger: name, limit: limit)
        return .json(["events": .array(entries.map(\.json))], status: .ok)
    }
}
