import FlintCore
import FlintEngine
import Foundation
import Hummingbird

/// `POST /v1/track`, `/v1/identify`, `/v1/batch`: the Segment HTTP Tracking API, so Segment-style
/// libraries in any language can send to Flint. Authentication is Segment's: the key as the Basic
/// user name, or `writeKey` in the body (a Bearer key works too).
struct SegmentController {
    /// Segment's limits: 32 KB per message, 500 KB per batch.
    static let messageLimit = 32 * 1024
    static let batchLimit = 500 * 1024
    let segment: SegmentIngestor
    let gate: IngestionGate
    let metrics: IngestionMetrics

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.post("v1/track") { request, context in try await handle(request, context, type: "track") }
        router.post("v1/identify") { request, context in try await handle(request, context, type: "identify") }
        router.post("v1/batch") { request, context in try await handle(request, context, type: nil) }
    }

    func handle(_ request: Request, _ context: FlintRequestContext, type: String?) async throws -> Response {
        do {
            let isBatch = type == nil
            let body = try await request.jsonBody(
                limit: isBatch ? Self.batchLimit : Self.messageLimit, maximumDepth: 64, acceptsGzip: true, tooLarge: .messageTooLarge)
            guard case .object(let object) = body else {
                throw FlintError(.invalidJSON, "A Segment request is a JSON object")
            }
            if let writeKey = object["writeKey"], writeKey.stringValue == nil, writeKey != .null {
                throw FlintError(.invalidJSON, "writeKey is the ingestion key, a string; got \(writeKey.typeDescription)")
            }
            let token = request.headers.basicUser ?? request.headers.bearerToken ?? object["writeKey"]?.stringValue
            _ = try await gate.admit(token: token, origin: request.headers[.origin], client: context.clientAddress)
            var messages = [body]
            if isBatch {
                guard case .array(let list)? = object["batch"] else {
                    throw FlintError(.invalidJSON, "A batch request carries its messages in \"batch\", an array")
                }
                // A message over 32 KB is dropped, as Segment drops it; the rest go on.
                messages = list.filter { $0.approximateSize <= Self.messageLimit }
                metrics.recordRejected(.messageTooLarge, count: list.count - messages.count)
            }
            _ = try await segment.handle(messages, defaultType: type)
            return .json(["success": true], status: .ok)
        } catch let error as FlintError {
            metrics.recordRejected(error.code)
            throw error
        }
    }
}
