import FlintCore
import FlintEngine
import Hummingbird

/// `POST /v1/events` and `POST /v1/events/batch`: the hot path. Single events without an `Origin`
/// mostly arrive through the lean path (``SingleEventIntake``), which answers with the same functions.
struct IngestionController {
    static let maximumBatchBytes = 512 * 1024
    let ingestor: Ingestor
    let metrics: IngestionMetrics

    func addRoutes(to group: RouterGroup<IngestionRequestContext>) {
        group.post("events", use: single)
        group.post("events/batch", use: batch)
    }

    @Sendable func single(_ request: Request, context: IngestionRequestContext) async throws -> Response {
        try await measured {
            let body = try await request.jsonBody(limit: Ingestor.maximumEventSize)
            return try await ingest(body)
        }.response
    }

    /// Ingests one event and says how it went: `202` accepted, `200` duplicate, or the rejection.
    nonisolated(nonsending) func ingest(_ event: JSONValue) async throws -> JSONReply {
        switch try await ingestor.ingest(event) {
        case .accepted(let messageId):
            return JSONReply(["status": "accepted", "messageId": .string(messageId)], status: .accepted)
        case .duplicate(let messageId):
            return JSONReply(["status": "duplicate", "messageId": .string(messageId)], status: .ok)
        case .rejected(let error):
            return error.reply  // counted by the ingestor, which judged it
        }
    }

    @Sendable func batch(_ request: Request, context: IngestionRequestContext) async throws -> Response {
        try await measured {
            let body = try await request.jsonBody(limit: Self.maximumBatchBytes)
            let outcomes = try await ingestor.ingestBatch(body: body)
            let results: [JSONValue] = outcomes.enumerated().map { index, outcome in
                switch outcome {
                case .accepted(let messageId):
                    ["index": .number(Double(index)), "status": "accepted", "messageId": .string(messageId)]
                case .duplicate(let messageId):
                    ["index": .number(Double(index)), "status": "duplicate", "messageId": .string(messageId)]
                case .rejected(let error):
                    ["index": .number(Double(index)), "status": "rejected", "error": error.body["error"]!]
                }
            }
            return JSONReply(["results": .array(results)], status: .ok)
        }.response
    }

    /// Records latency since `start`, and counts rejections of whole requests (bad JSON, size, media
    /// type, storage down); the ingestor counts the verdicts on single events.
    nonisolated(nonsending) func measured(
        since start: ContinuousClock.Instant = .now, _ handle: nonisolated(nonsending) () async throws -> JSONReply
    ) async throws -> JSONReply {
        defer { metrics.recordLatency(nanoseconds: Int64((ContinuousClock.now - start) / .nanoseconds(1))) }
        do {
            return try await handle()
        } catch let error as FlintError {
            metrics.recordRejected(error.code)
            throw error
        }
    }
}
