import FlintCore
import FlintEngine
import FlintSnippets
import FlintWeb
import Foundation
import Hummingbird

/// The web UI's trigger pages: the list, the new-trigger form, a trigger's page with its snippets and
/// live inspector, Ready to use, and delete. Every change goes through the same catalog and the same
/// validation as the JSON API.
struct WebTriggerController {
    static let pageSize = 50
    let catalog: TriggerCatalog
    let entities: EntityCatalog
    let events: any EventStore
    let keys: IngestionKeyService
    let snippets: SnippetController
    /// Developer links; their URLs start at the snippets' endpoint (`FLINT_PUBLIC_URL`, else the request's Host).
    let links: DeveloperLinkService

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("triggers", use: list)
        router.get("triggers/new", use: newForm)
        router.post("triggers/new", use: create)
        router.get("triggers/:name", use: show)
        router.get("triggers/:name/live", use: live)
        router.get("triggers/:name/snippets/:language", use: download)
        router.post("triggers/:name/ready", use: markReady)
        router.post("triggers/:name/delete", use: delete)
        router.get("triggers/:name/edit", use: editForm)
        router.post("triggers/:name/edit", use: update)
        router.post("triggers/:name/links", use: createLink)
        router.post("triggers/:name/links/:id/revoke", use: revokeLink)
        // What a developer link opens, without an account.
        router.get("d/:token", use: sharedPage)
        router.get("d/:token/live", use: sharedLive)
        router.get("d/:token/snippets/:language", use: sharedDownload)
    }

    @Sendable func list(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        // Clamped before it is multiplied: a huge page number must not overflow.
        let requested = min(max(1, request.uri.queryParameters.get("page").flatMap(Int.init) ?? 1), 1_000_000)
        var (shown, total) = try await catalog.page(matching: query, offset: (requested - 1) * Self.pageSize, limit: Self.pageSize)
        let pageCount = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(requested, pageCount)
        if page != requested { (shown, total) = try await catalog.page(matching: query, offset: (page - 1) * Self.pageSize, limit: Self.pageSize) }
        let listing = TriggerListPage.Listing(
            triggers: shown, query: query, page: page, pageCount: pageCount, total: total, mayCreate: signedIn.user.role.mayEdit)
        return WebResponse.html(TriggerListPage.render(listing, viewer: signedIn.viewer))
    }

    @Sendable func newForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        return WebResponse.html(TriggerFormPage.render(TriggerFormPage.Values(), entities: entityNames, viewer: signedIn.viewer))
    }

    /// Builds the API's JSON from the form and creates the trigger exactly as `POST /api/v1/triggers` would.
    @Sendable func create(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let values = TriggerFormPage.Values(form: try await WebForm.read(request, signedIn: signedIn))
        do {
            let definition = try TriggerDefinition.parse(Self.json(values), entities: entities.entity(named:))
            let trigger = try await catalog.create(definition)
            return WebResponse.redirect(to: "/triggers/\(trigger.name)")
        } catch let error as FlintError where error.status.code < 500 {
            // A record trigger's `on` and `watchFields` problems show beside the entity and the watched fields.
            var errors = error.formErrors(renaming: ["watchFields": "watch", "on": "entity"])
            if error.code == .triggerExists { errors["name"] = error.message }
            let page = TriggerFormPage.render(
                values, errors: errors, message: "The trigger was not created: \(error.message)", entities: entityNames, viewer: signedIn.viewer)
            return WebResponse.html(page, status: error.status)
        }
    }

    @Sendable func show(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        let trigger = try await catalog.trigger(named: try context.parameters.require("name"))
        let content = try await self.content(trigger, request: request, keyId: request.uri.queryParameters.get("key"), signedIn: signedIn)
        return WebResponse.html(TriggerPage.render(content, viewer: signedIn.viewer))
    }

    /// A trigger page's content: snippets for the chosen key (else a publishable one), the latest events,
    /// and, for those who may edit, its developer links.
    private func content(_ trigger: Trigger, request: Request, keyId: String?, signedIn: SignedIn?) async throws -> TriggerPage.Content {
        let activeKeys = try await keys.list()
        let selected = keyId.flatMap { id in activeKeys.first { $0.id == id } } ?? activeKeys.first { $0.kind == .publishable } ?? activeKeys.first
        var snippetTabs: [TriggerPage.Snippet] = []
        if trigger.definition.kind == .custom {
            let key = try await snippets.snippetKey(id: selected?.id)
            let endpoint = snippets.endpoint(of: request)
            snippetTabs = SnippetLanguage.allCases.map { language in
                TriggerPage.Snippet(
                    id: language.rawValue, title: Self.title(of: language),
                    code: snippets.generator.snippet(for: trigger.definition, language: language, endpoint: endpoint, key: key),
                    fileName: "\(trigger.name).\(language.fileExtension)")
            }
        }
        let mayEdit = signedIn?.user.role.mayEdit ?? false
        var content = TriggerPage.Content(
            trigger: trigger, snippets: snippetTabs,
            keys: activeKeys.map { ($0.id, "\($0.name) (\($0.kind.rawValue))") }, selectedKey: selected?.id,
            entries: try await events.inspectorEntries(trigger: trigger.name, limit: 20), mayEdit: mayEdit)
        if mayEdit { content.developerLinks = try await links.links(trigger: trigger.name) }
        return content
    }

    /// What the trigger page refreshes without a reload: status, counts and the latest events.
    @Sendable func live(_ request: Request, context: FlintRequestContext) async throws -> Response {
        // A poll after the session ended: 401 (the page's script stops), not a redirect to the sign-in form.
        guard context.webUser != nil else { throw FlintError(.unauthorized, "The session has ended; sign in again") }
        return try await liveState(of: try await catalog.trigger(named: try context.parameters.require("name")))
    }

    private func liveState(of trigger: Trigger) async throws -> Response {
        let entries = try await events.inspectorEntries(trigger: trigger.name, limit: 20)
        let state: JSONValue = [
            "status": .string(trigger.status.rawValue), "statusTitle": .string(TriggerBadges.title(of: trigger.status)),
            "guidance": .string(TriggerBadges.guidance(trigger.status, kind: trigger.definition.kind)),
            "eventCount": .number(Double(trigger.eventCount)), "rejectedCount": .number(Double(trigger.rejectedCount)),
            "events": .array(entries.map(\.json)),
        ]
        var response = Response.json(state, status: .ok)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func download(_ request: Request, context: FlintRequestContext) async throws -> Response {
        _ = try SignedIn(context)
        return try await snippetFile(of: try await catalog.trigger(named: try context.parameters.require("name")), request: request, context: context)
    }

    private func snippetFile(of trigger: Trigger, request: Request, context: FlintRequestContext) async throws -> Response {
        guard trigger.definition.kind == .custom, let language = SnippetLanguage(rawValue: try context.parameters.require("language")) else {
            throw FlintError.notFound("Snippet")
        }
        let key = try await snippets.snippetKey(id: request.uri.queryParameters.get("key").flatMap { $0.isEmpty ? nil : $0 })
        let text = snippets.generator.snippet(for: trigger.definition, language: language, endpoint: snippets.endpoint(of: request), key: key)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/plain; charset=utf-8", .contentDisposition: "attachment; filename=\"\(trigger.name).\(language.fileExtension)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func editForm(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let trigger = try await catalog.trigger(named: try context.parameters.require("name"))
        guard trigger.definition.kind != .builtin else { throw FlintError(.triggerReadOnly, "Built-in triggers are Flint's own; they cannot change") }
        return WebResponse.html(
            TriggerFormPage.render(TriggerFormPage.Values(trigger.definition), entities: entityNames, editing: true, viewer: signedIn.viewer))
    }

    /// A change as `PATCH /api/v1/triggers/{name}` takes it, with the same rules (no breaking change
    /// while a live journey uses the trigger).
    @Sendable func update(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let name = try context.parameters.require("name")
        let current = try await catalog.trigger(named: name)
        var values = TriggerFormPage.Values(form: try await WebForm.read(request, signedIn: signedIn))
        values.name = name
        values.kind = current.definition.kind == .record ? "record" : "custom"
        values.entity = current.definition.source?.entity ?? ""
        var patch: JSONObject = ["title": .string(values.title), "description": values.description.isEmpty ? .null : .string(values.description)]
        if values.kind == "custom", case .object(let json) = Self.json(values) {
            patch["customerType"] = json["customerType"]
            patch["attributes"] = json["attributes"]
        }
        do {
            _ = try await catalog.update(named: name, with: try TriggerPatch.parse(.object(patch), name: name))
            return WebResponse.redirect(to: "/triggers/\(name)")
        } catch let error as FlintError where error.status.code < 500 {
            let errors = error.formErrors()
            let page = TriggerFormPage.render(
                values, errors: errors, message: "The trigger was not changed: \(error.message)", entities: entityNames, editing: true,
                viewer: signedIn.viewer)
            return WebResponse.html(page, status: error.status)
        }
    }

    @Sendable func markReady(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        _ = try await WebForm.read(request, signedIn: signedIn)
        let name = try context.parameters.require("name")
        _ = try await catalog.markReady(named: name)
        return WebResponse.redirect(to: "/triggers/\(name)")
    }

    @Sendable func delete(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        _ = try await WebForm.read(request, signedIn: signedIn)
        try await catalog.delete(named: try context.parameters.require("name"))
        return WebResponse.redirect(to: "/triggers")
    }

    @Sendable func createLink(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let form = try await WebForm.read(request, signedIn: signedIn)
        let trigger = try await catalog.trigger(named: try context.parameters.require("name"))
        guard trigger.definition.kind == .custom else { throw FlintError.notFound("Snippets of \(trigger.name)") }
        let (_, token) = try await links.create(trigger: trigger.name, days: form["days"].flatMap(Int.init) ?? 7, by: signedIn.user)
        var content = try await self.content(trigger, request: request, keyId: nil, signedIn: signedIn)
        content.newLinkURL = snippets.endpoint(of: request) + "/d/" + token
        return WebResponse.html(TriggerPage.render(content, viewer: signedIn.viewer), status: .created)
    }

    @Sendable func revokeLink(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        _ = try await WebForm.read(request, signedIn: signedIn)
        let name = try context.parameters.require("name")
        try await links.revoke(id: try context.parameters.require("id"), trigger: name)
        return WebResponse.redirect(to: "/triggers/\(name)")
    }

    @Sendable func sharedPage(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let (trigger, token) = try await sharedTrigger(context)
        let content = try await self.content(trigger, request: request, keyId: nil, signedIn: nil)
        // The page's Referrer-Policy (same-origin) keeps the token from leaving Flint in a Referer header.
        return WebResponse.html(TriggerPage.shared(content, token: token))
    }

    @Sendable func sharedLive(_ request: Request, context: FlintRequestContext) async throws -> Response {
        try await liveState(of: try await sharedTrigger(context).trigger)
    }

    @Sendable func sharedDownload(_ request: Request, context: FlintRequestContext) async throws -> Response {
        try await snippetFile(of: try await sharedTrigger(context).trigger, request: request, context: context)
    }

    /// The trigger a developer link opens; an unknown, expired or revoked link shows nothing.
    private func sharedTrigger(_ context: FlintRequestContext) async throws -> (trigger: Trigger, token: String) {
        let token = try context.parameters.require("token")
        guard let link = try await links.open(token: token) else {
            throw FlintError(.notFound, "This developer link has expired or was revoked. Ask for a new one.")
        }
        return (try await catalog.trigger(named: link.trigger), token)
    }

    private var entityNames: [String] { entities.all().map(\.name).sorted() }

    /// The form's values as the API's trigger JSON, so both go through one parser and one set of rules.
    static func json(_ values: TriggerFormPage.Values) -> JSONValue {
        var object: JSONObject = ["name": .string(values.name), "title": .string(values.title)]
        if !values.description.isEmpty { object["description"] = .string(values.description) }
        if values.kind == "record" {
            // A record trigger takes its customer type and attributes from its entity.
            object["kind"] = "record"
            object["entity"] = .string(values.entity)
            object["on"] = .array(["create", "update"].filter(values.on.contains).map(JSONValue.string))
            let watched = values.watch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !watched.isEmpty { object["watchFields"] = .array(watched.map(JSONValue.string)) }
        } else {
            object["customerType"] = .string(values.customerType)
            object["attributes"] = .array(
                values.attributes.map { attribute in
                    var json: JSONObject = ["name": .string(attribute.name), "type": .string(attribute.type)]
                    if attribute.type == "entityReference" { json["entity"] = .string(attribute.entity) }
                    return .object(json)
                })
        }
        return .object(object)
    }

    static func title(of language: SnippetLanguage) -> String {
        switch language {
        case .javascript: "JavaScript"
        case .csharp: "C#"
        case .python: "Python"
        case .swift: "iOS (Swift)"
        case .kotlin: "Android (Kotlin)"
        case .curl: "curl"
        }
    }
}
