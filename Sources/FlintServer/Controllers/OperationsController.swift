import FlintCore
import FlintEngine
import Foundation
import Hummingbird
import Logging
import Prometheus

/// Health checks, Prometheus metrics and the OpenAPI document.
struct OperationsController {
    let health: any StorageHealth
    let committer: GroupCommitter
    let registry: PrometheusCollectorRegistry
    let openAPIDocument: ByteBuffer

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("health/live") { _, _ in Response.json(["status": "live"], status: .ok) }
        router.get("health/ready", use: ready)
        router.get("metrics", use: metrics)
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: openAPIDocument))
        }
    }

    /// 200 while the store grants the write lock and the latest commit succeeded, else 503.
    @Sendable func ready(_ request: Request, context: FlintRequestContext) async throws -> Response {
        do {
            try await health.checkWritable()
        } catch {
            context.logger.warning("storage is not writable", metadata: ["error": "\(error)"])
            throw FlintError.unavailable("The database cannot take writes")
        }
        guard committer.isHealthy else { throw FlintError.unavailable("The latest commit failed; the database cannot take writes") }
        return .json(["status": "ready"], status: .ok)
    }

    @Sendable func metrics(_ request: Request, context: FlintRequestContext) async throws -> Response {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The OpenAPI document shipped in the module's resources.
    static func loadOpenAPIDocument() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ConfigurationError("openapi.yaml is missing from FlintServer's resources")
        }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}
