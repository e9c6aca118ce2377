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
    let triggers: TriggerCatalog
    let entities: EntityCatalog
    let dryRun: JourneyDryRun
    let clock: any WallClock

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("journeys", use: list)
        router.get("journeys/new", use: newForm)
        router.post("journeys/new", use: create)
        router.get("journeys/:id/edit", use: editForm)
        router.post("journeys/:id/edit", use: update)
        router.get("journeys/:id", use: show)
        router.post("journeys/:id/publish", use: publish)
        router.post("journeys/:id/stop", use: stop)
        router.post("journeys/:id/test", use: test)
        router.get("journeys/paths/:trigger", use: paths)
    }

    @Sendable func list(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        let all = try await catalog.all().sorted { ($0.stored.name.lowercased(), $0.stored.id) < ($1.stored.name.lowercased(), $1.stored.id) }
        let pageCount = max(1, (all.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, request.uri.queryParameters.get("page").flatMap(Int.init) ?? 1), pageCount)
        let shown = all.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        // One read for the page's counts, not one per row.
        let totals = try await runs.totals(journeyIds: shown.map(\.stored.id))
        let rows = shown.map { JourneyPages.Row(stored: $0.stored, stats: totals[$0.stored.id] ?? JourneyStats()) }
        return WebResponse.html(JourneyPages.list(rows, page: page, pageCount: pageCount, mayCreate: signedIn.user.role.mayEdit, viewer: signedIn.viewer))
    }

    @Sendable func show(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        return WebResponse.html(JourneyPages.detail(try await detail(request, context, signedIn: signedIn), viewer: signedIn.viewer))
    }

    /// The dry run, as `POST /api/v1/journeys/{id}/test` does it: nothing is sent.
    @Sendable func test(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()  // a dry run renders customer data
        let form = try await WebForm.read(request, signedIn: signedIn)
        var detail = try await detail(request, context, signedIn: signedIn)
        var input = DryRunSection.Input(authId: form["authId"] ?? "", attributes: form["attributes"] ?? "{}", arriving: form["arrivingTriggers"] ?? "")
        do {
            let attributes = try JSONParser.parse(input.attributes.isEmpty ? "{}" : input.attributes, maximumDepth: 32)
            let arriving = input.arriving.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            let body: JSONValue = [
                "authId": .string(input.authId), "attributes": attributes, "arrivingTriggers": .array(arriving.map(JSONValue.string)),
            ]
            let test = try JourneyTestRequest.parse(body)
            let journey = LiveJourney(id: detail.stored.id, version: detail.stored.version, definition: detail.definition, liveSince: 0)
            let result = try await dryRun.run(
                journey, authId: test.authId, attributes: test.attributes, arrivingTriggers: test.arrivingTriggers,
                now: clock.now().millisecondsSince1970)
            input.outcome = DryRunSection.Outcome(status: result.status.rawValue, trace: result.trace, messages: result.messages)
        } catch let error as FlintError where error.status.code < 500 {
            input.error = ([error.message] + error.details.map { "\($0.field): \($0.problem)" }).joined(separator: "; ")
        } catch is JSONParseError {
            input.error = "The event attributes are not a JSON object"
        }
        detail.dryRun = input
        return WebResponse.html(JourneyPages.detail(detail, viewer: signedIn.viewer), status: input.error == nil ? .ok : .badRequest)
    }

    private func detail(_ request: Request, _ context: FlintRequestContext, signedIn: SignedIn) async throws -> JourneyPages.Detail {
        let entry = try await catalog.journey(id: try context.parameters.require("id"))
        let authId = request.uri.queryParameters.get("authId").map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        var found: [JourneyRun] = []
        if let authId, signedIn.user.role.mayEdit { found = try await runs.runs(journeyId: entry.stored.id, authId: authId, limit: 20) }
        return JourneyPages.Detail(
            stored: entry.stored, definition: entry.definition, stats: try await runs.stats(journeyId: entry.stored.id), authId: authId,
            runs: found, mayEdit: signedIn.user.role.mayEdit)
    }

    @Sendable func newForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let start: JSONValue = ["name": "", "trigger": .string(request.uri.queryParameters.get("trigger") ?? ""), "steps": []]
        return WebResponse.html(try await builder("New journey", action: "/journeys/new", journey: start, signedIn: signedIn))
    }

    /// The builder's JSON goes through the API's own parser: `POST /api/v1/journeys` would take the same.
    @Sendable func create(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let submitted = try Self.definition(in: try await WebForm.read(request, signedIn: signedIn))
        do {
            let entry = try await catalog.create(submitted)
            return WebResponse.redirect(to: "/journeys/\(entry.stored.id)")
        } catch let error as FlintError where error.status.code < 500 {
            return WebResponse.html(
                try await builder("New journey", action: "/journeys/new", journey: submitted, error: error, signedIn: signedIn), status: error.status)
        }
    }

    @Sendable func editForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let entry = try await catalog.journey(id: try context.parameters.require("id"))
        return WebResponse.html(
            try await builder("Edit \(entry.stored.name)", action: "/journeys/\(entry.stored.id)/edit", journey: entry.definition.json, signedIn: signedIn))
    }

    /// Editing a live journey makes a new version; runs in progress finish on theirs (the catalog's rule).
    @Sendable func update(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let id = try context.parameters.require("id")
        let submitted = try Self.definition(in: try await WebForm.read(request, signedIn: signedIn))
        do {
            _ = try await catalog.update(id: id, with: submitted)
            return WebResponse.redirect(to: "/journeys/\(id)")
        } catch let error as FlintError where error.status.code < 500 {
            let page = try await builder("Edit journey", action: "/journeys/\(id)/edit", journey: submitted, error: error, signedIn: signedIn)
            return WebResponse.html(page, status: error.status)
        }
    }

    private func builder(
        _ title: String, action: String, journey: JSONValue, error: FlintError? = nil, signedIn: SignedIn
    ) async throws -> HTML {
        let selected = journey["trigger"]?.stringValue.flatMap(triggers.definition(named:))
        let schema = BuilderSchema.json(triggerNames: triggers.names, selected: selected, entities: entities.all())
        return JourneyBuilderPage.render(
            title: title, action: action, schema: schema, journey: journey, problems: error?.details ?? [], message: error?.message,
            viewer: signedIn.viewer)
    }

    /// The typed paths of a trigger, for the builder when another trigger is chosen.
    @Sendable func paths(_ request: Request, context: FlintRequestContext) async throws -> Response {
        _ = try SignedIn(context)
        guard let trigger = triggers.definition(named: try context.parameters.require("trigger")) else { throw FlintError.notFound("Trigger") }
        return .json(BuilderSchema.paths(of: trigger, entities: entities.all()), status: .ok)
    }

    /// The form's `definition` field: the journey as JSON, written by the builder's script.
    static func definition(in form: FormData) throws -> JSONValue {
        guard let text = form.raw("definition"), !text.isEmpty else {
            throw FlintError(.invalidRequest, "The journey builder sent no journey; is JavaScript enabled?")
        }
        do {
            return try JSONParser.parse(text, maximumDepth: 64)
        } catch {
            throw FlintError(.invalidJSON, "The journey builder sent a journey that is not JSON")
        }
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
