import FlintCore
import FlintEngine
import Hummingbird

/// Entities and their records under `/api/v1/entities`.
struct EntityController {
    static let maximumBodySize = 256 * 1024
    let entities: EntityCatalog
    let journeys: JourneyCatalog
    let records: RecordService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get(use: list)
        group.put(":entity", use: put)
        group.get(":entity", use: read)
        group.get(":entity/records", use: listRecords)
        group.put(":entity/records/:id", use: putRecord)
        group.get(":entity/records/:id", use: readRecord)
        group.delete(":entity/records/:id", use: deleteRecord)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(["entities": .array(entities.all().map(\.json))], status: .ok)
    }

    @Sendable func put(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try context.parameters.require("entity")
        let entity = try EntityDefinition.parse(try await request.jsonBody(limit: Self.maximumBodySize), name: name)
        let created = try await entities.put(entity, readers: journeys.liveJourneyNames(reading:))
        return .json(entity.json, status: created ? .created : .ok)
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(try entities.require(try context.parameters.require("entity")).json, status: .ok)
    }

    /// `GET /api/v1/entities/{entity}/records?customerId=&limit=50`, most recently updated first.
    @Sendable func listRecords(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try query.get("limit").map { text -> Int in
            guard let value = Int(text), (1...1000).contains(value) else {
                throw FlintError(
                    .invalidRequest, "limit must be a whole number from 1 to 1000", details: [Problem(field: "limit", problem: "got \(text.prefix(20))")])
            }
            return value
        } ?? 50
        let found = try await records.records(
            entity: try context.parameters.require("entity"), customerId: query.get("customerId"), limit: limit)
        return .json(["records": .array(found.map(\.json))], status: .ok)
    }

    @Sendable func putRecord(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (record, created) = try await records.put(
            entity: try context.parameters.require("entity"), id: try context.parameters.require("id"),
            body: try await request.jsonBody(limit: Self.maximumBodySize))
        return .json(record.json, status: created ? .created : .ok)
    }

    @Sendable func readRecord(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let record = try await records.record(entity: try context.parameters.require("entity"), id: try context.parameters.require("id"))
        return .json(record.json, status: .ok)
    }

    @Sendable func deleteRecord(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await records.delete(entity: try context.parameters.require("entity"), id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }
}
