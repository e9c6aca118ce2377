import FlintCore
import FlintEngine
import FlintSnippets
import Foundation
import Hummingbird

/// `GET /api/v1/triggers/{name}/snippet`: a runnable integration snippet for a trigger, per language.
struct SnippetController {
    let catalog: TriggerCatalog
    let keys: IngestionKeyService
    let generator: SnippetGenerator
    /// `FLINT_PUBLIC_URL`, the address clients reach Flint at; else taken from the request's Host.
    let publicURL: String?

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get(":name/snippet", use: snippet)
    }

    @Sendable func snippet(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let trigger = try await catalog.trigger(named: try context.parameters.require("name"))
        // A built-in trigger has no snippet to fetch: Flint emits its events itself, and it takes none from code.
        guard trigger.definition.kind == .custom else {
            throw FlintError(.notFound, "Trigger \(trigger.name) has no snippet: Flint emits its events itself, it takes none from code")
        }
        let query = request.uri.queryParameters
        let languageName = query.get("language") ?? "javascript"
        guard let language = SnippetLanguage(rawValue: languageName) else {
            throw FlintError(
                .invalidRequest, "Unknown snippet language",
                details: [Problem(field: "language", problem: "must be one of \(SnippetLanguage.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        let key = try await snippetKey(id: query.get("key"))
        let text = generator.snippet(for: trigger.definition, language: language, endpoint: endpoint(of: request), key: key)
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let download = query.get("download"), download == "1" || download == "true" {
            headers[.contentDisposition] = "attachment; filename=\"\(trigger.name).\(language.fileExtension)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The key the snippet uses: the one asked for, else a publishable key (inline), else a secret
    /// key (read from `FLINT_INGESTION_KEY` at run time: Flint only keeps its hash).
    func snippetKey(id: String?) async throws -> SnippetKey {
        let active = try await keys.list()
        let chosen: IngestionKey?
        if let id {
            guard let key = active.first(where: { $0.id == id }) else { throw FlintError.notFound("Ingestion key \(id)") }
            chosen = key
        } else {
            chosen = active.first { $0.kind == .publishable } ?? active.first
        }
        if let chosen, chosen.kind == .publishable, let value = chosen.publishableKey { return .publishable(value) }
        return .secret(prefix: chosen?.prefix ?? "flk_sec_")
    }

    func endpoint(of request: Request) -> String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://" + (request.head.authority ?? "127.0.0.1:8080")
    }
}

/// `GET /sdk/flint.js`: the web SDK, public and cacheable.
struct WebSDKController {
    let script: ByteBuffer

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("sdk/flint.js") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "application/javascript; charset=utf-8", .cacheControl: "public, max-age=300",
                    .accessControlAllowOrigin: "*",
                ],
                body: .init(byteBuffer: script))
        }
    }

    static func loadScript() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "sdk/flint", withExtension: "js")
            ?? Bundle.module.url(forResource: "flint", withExtension: "js", subdirectory: "sdk")
        else { throw ConfigurationError("sdk/flint.js is missing from FlintServer's resources") }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}
