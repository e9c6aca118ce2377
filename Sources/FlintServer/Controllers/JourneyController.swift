import FlintCore
import FlintEngine
import Hummingbird

/// Journeys under `/api/v1/journeys`.
struct JourneyController {
    /// Branches nest four JSON levels per step level; 16 step levels need room.
    static let maximumDepth = 160
    let catalog: JourneyCatalog
    let runs: any RunStore
    let dryRun: JourneyDryRun
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":id", use: read)
        group.put(":id", use: update)
        group.post(":id/publish", use: publish)
        group.post(":id/stop", use: stop)
        group.get(":id/runs", use: listRuns)
        group.post(":id/test", use: test)
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let entry = try await catalog.create(try await request.jsonBody(limit: 1024 * 1024, maximumDepth: Self.maximumDepth))
        return .json(try await json(entry, withStats: true), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var journeys: [JSONValue] = []
        for entry in try await catalog.all() { journeys.append(try await json(entry, withStats: false)) }
        return .json(["journeys": .array(journeys)], status: .ok)
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(try await json(try await catalog.journey(id: try context.parameters.require("id")), withStats: true), status: .ok)
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let entry = try await catalog.update(id: id, with: try await request.jsonBody(limit: 1024 * 1024, maximumDepth: Self.maximumDepth))
        return .json(try await json(entry, withStats: true), status: .ok)
    }

    @Sendable func publish(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(try await json(try await catalog.publish(id: try context.parameters.require("id")), withStats: true), status: .ok)
    }

    @Sendable func stop(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(try await json(try await catalog.stop(id: try context.parameters.require("id")), withStats: true), status: .ok)
    }

    /// `GET /api/v1/journeys/{id}/runs?authId=&limit=`: runs newest first, each with its trace.
    @Sendable func listRuns(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await catalog.journey(id: id)
        let authId = request.uri.queryParameters.get("authId")
        let limit = try request.uri.queryParameters.get("limit").map { text -> Int in
            guard let value = Int(text), (1...1000).contains(value) else {
                throw FlintError(.invalidRequest, "limit must be a whole number from 1 to 1000")
            }
            return value
        } ?? 50
        let found = try await runs.runs(journeyId: id, authId: authId, limit: limit)
        return .json(["runs": .array(found.map(\.json))], status: .ok)
    }

    /// `POST /api/v1/journeys/{id}/test` `{"authId", "attributes", "arrivingTriggers"}`: a dry run.
    @Sendable func test(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let entry = try await catalog.journey(id: try context.parameters.require("id"))
        let test = try JourneyTestRequest.parse(try await request.jsonBody(limit: 64 * 1024))
        let journey = LiveJourney(id: entry.stored.id, version: entry.stored.version, definition: entry.definition, liveSince: 0)
        let result = try await dryRun.run(
            journey, authId: test.authId, attributes: test.attributes, arrivingTriggers: test.arrivingTriggers, now: clock.now().millisecondsSince1970)
        return .json(
            ["status": .string(result.status.rawValue), "path": .array(result.trace.map(\.json)), "messages": .array(result.messages)],
            status: .ok)
    }

    private func json(_ entry: JourneyCatalog.Entry, withStats: Bool) async throws -> JSONValue {
        entry.json(stats: withStats ? try await runs.stats(journeyId: entry.stored.id) : nil)
    }
}
