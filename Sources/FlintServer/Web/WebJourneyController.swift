import FlintCore
import FlintEngine
import FlintWeb
import Hummingbird

/// `/journeys`: the list with counts, and a journey's page with its diagram, publish and stop, and runs
/// looked up by customer. Publish and stop go through the same catalog as the API.
struct WebJourneyController {
    static let pageSize = 50
    let catalog: JourneyCatalog
    let runs: any RunStore

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("journeys", use: list)
        router.get("journeys/:id", use: show)
        router.post("journeys/:id/publish", use: publish)
        router.post("journeys/:id/stop", use: stop)
    }

    @Sendable func list(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        let all = try await catalog.all().sorted { ($0.stored.name.lowercased(), $0.stored.id) < ($1.stored.name.lowercased(), $1.stored.id) }
        let pageCount = max(1, (all.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, request.uri.queryParameters.get("page").flatMap(Int.init) ?? 1), pageCount)
        var rows: [JourneyPages.Row] = []
        for entry in all.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize) {
            rows.append(JourneyPages.Row(stored: entry.stored, stats: try await runs.stats(journeyId: entry.stored.id)))
        }
        return WebResponse.html(JourneyPages.list(rows, page: page, pageCount: pageCount, viewer: signedIn.viewer))
    }

    @Sendable func show(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        let entry = try await catalog.journey(id: try context.parameters.require("id"))
        let authId = request.uri.queryParameters.get("authId").map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        var found: [JourneyRun] = []
        if let authId { found = try await runs.runs(journeyId: entry.stored.id, authId: authId, limit: 20) }
        let detail = JourneyPages.Detail(
            stored: entry.stored, definition: entry.definition, stats: try await runs.stats(journeyId: entry.stored.id), authId: authId,
            runs: found, mayEdit: signedIn.user.role.mayEdit)
        return WebResponse.html(JourneyPages.detail(detail, viewer: signedIn.viewer))
    }

    @Sendable func publish(_ request: Request, context: FlintRequestContext) async throws -> Response {
        try await change(request, context) { try await catalog.publish(id: $0) }
    }

    @Sendable func stop(_ request: Request, context: FlintRequestContext) async throws -> Response {
        try await change(request, context) { try await catalog.stop(id: $0) }
    }

    private func change(
        _ request: Request, _ context: FlintRequestContext, _ apply: (String) async throws -> JourneyCatalog.Entry
    ) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        _ = try await WebForm.read(request, signedIn: signedIn)
        let id = try context.parameters.require("id")
        _ = try await apply(id)
        return WebResponse.redirect(to: "/journeys/\(id)")
    }
}
