import FlintCore
import FlintEngine
import FlintWeb
import Hummingbird

/// `/keys`: ingestion keys in the web UI, for admins. Requests go through the API's own parsers.
struct WebKeyController {
    let keys: IngestionKeyService

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("keys", use: list)
        router.post("keys", use: create)
        router.post("keys/:id/rotate", use: rotate)
        router.post("keys/:id/revoke", use: revoke)
    }

    @Sendable func list(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try Self.administrator(context)
        return WebResponse.html(KeysPage.render(keys: try await keys.list(), viewer: signedIn.viewer))
    }

    @Sendable func create(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try Self.administrator(context)
        let form = try await WebForm.read(request, signedIn: signedIn)
        let name = form["name"] ?? ""
        let origins = (form["allowedOrigins"] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let body: JSONValue = [
            "name": .string(name), "kind": .string(form["kind"] ?? "publishable"), "allowedOrigins": .array(origins.map(JSONValue.string)),
        ]
        do {
            let issued = try await keys.create(try IngestionKeyRequest.parse(body))
            let shown = KeysPage.Issued(name: issued.key.name, value: issued.value, isSecret: issued.key.kind == .secret)
            return WebResponse.html(KeysPage.render(keys: try await keys.list(), issued: shown, viewer: signedIn.viewer), status: .created)
        } catch let error as FlintError where error.status.code < 500 {
            let errors = error.formErrors(renaming: ["allowedOrigins": "allowedOrigins"])
            let page = KeysPage.render(
                keys: try await keys.list(), errors: errors, typed: (name, form["allowedOrigins"] ?? ""), viewer: signedIn.viewer)
            return WebResponse.html(page, status: error.status)
        }
    }

    @Sendable func rotate(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try Self.administrator(context)
        let form = try await WebForm.read(request, signedIn: signedIn)
        let grace = try KeyRotationRequest.parse(["graceSeconds": .number(Double(form["graceSeconds"].flatMap(Int.init) ?? 86_400))])
        let issued = try await keys.rotate(id: try context.parameters.require("id"), graceSeconds: grace.graceSeconds)
        let shown = KeysPage.Issued(name: issued.key.name, value: issued.value, isSecret: issued.key.kind == .secret)
        return WebResponse.html(KeysPage.render(keys: try await keys.list(), issued: shown, viewer: signedIn.viewer), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try Self.administrator(context)
        _ = try await WebForm.read(request, signedIn: signedIn)
        try await keys.revoke(id: try context.parameters.require("id"))
        return WebResponse.redirect(to: "/keys")
    }

    private static func administrator(_ context: FlintRequestContext) throws -> SignedIn {
        let signedIn = try SignedIn(context)
        try signedIn.requireAdmin("ingestion keys")
        return signedIn
    }
}
