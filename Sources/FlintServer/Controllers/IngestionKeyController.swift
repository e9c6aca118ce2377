import FlintCore
import FlintEngine
import Foundation
import Hummingbird

/// Ingestion keys under `/api/v1/ingestion-keys`.
struct IngestionKeyController {
    let keys: IngestionKeyService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.post(":id/rotate", use: rotate)
        group.delete(":id", use: revoke)
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let keyRequest = try IngestionKeyRequest.parse(try await request.jsonBody(limit: 64 * 1024))
        let issued = try await keys.create(keyRequest)
        return .json(issued.key.json(value: issued.value), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(["keys": .array(try await keys.list().map { $0.json(value: $0.publishableKey) })], status: .ok)
    }

    @Sendable func rotate(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let rotation = try KeyRotationRequest.parse(try await request.optionalJSONBody(limit: 4096))
        let issued = try await keys.rotate(id: id, graceSeconds: rotation.graceSeconds)
        var json = issued.key.json(value: issued.value)
        if case .object(var object) = json {
            object["rotatedFrom"] = .string(id)
            json = .object(object)
        }
        return .json(json, status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await keys.revoke(id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }
}
