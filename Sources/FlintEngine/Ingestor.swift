import FlintCore
import Foundation

/// Turns request bodies into validated, durably stored events.
///
/// It resolves each event's trigger from the in-memory catalog, validates it on the caller's
/// thread, and hands accepted and rejected records to the ``GroupCommitter``; it returns only
/// after their transaction is on disk.
public struct Ingestor: Sendable {
    /// The answer for one event.
    public enum Outcome: Sendable, Equatable {
        case accepted(messageId: String)
        case duplicate(messageId: String)
        case rejected(FlintError)
    }

    public static let maximumEventSize = 32 * 1024
    public static let maximumBatchEvents = 500

    private let catalog: TriggerCatalog
    private let committer: GroupCommitter
    private let clock: any WallClock
    private let ids: any IdentifierSource
    private let metrics: IngestionMetrics
    private let validator = EventValidator()

    public init(
        catalog: TriggerCatalog, committer: GroupCommitter, clock: any WallClock, metrics: IngestionMetrics,
        ids: any IdentifierSource = RandomIdentifiers()
    ) {
        self.catalog = catalog
        self.committer = committer
        self.clock = clock
        self.ids = ids
        self.metrics = metrics
    }

    /// Ingests one event (`POST /v1/events`).
    nonisolated(nonsending) public func ingest(_ body: JSONValue) async throws -> Outcome {
        try await ingestBatch([body]).first!
    }

    /// Ingests a batch body (`POST /v1/events/batch`); each event is judged on its own.
    public func ingestBatch(body: JSONValue) async throws -> [Outcome] {
        guard case .object(let object) = body, case .array(let events)? = object["events"] else {
            throw FlintError(
                .validationFailed, "A batch is an object with an \"events\" array",
                details: [Problem(field: "events", problem: "is required and must be an array")])
        }
        if let unknown = object.keys.first(where: { $0 != "events" }) {
            throw FlintError(
                .validationFailed, "A batch has only an \"events\" field",
                details: [Problem(field: unknown, problem: "is not a known field")])
        }
        guard events.count <= Self.maximumBatchEvents else {
            throw FlintError(.payloadTooLarge, "A batch holds at most \(Self.maximumBatchEvents) events; this one has \(events.count)")
        }
        return try await ingestBatch(events)
    }

    /// Validates every event, commits the valid and the rejected ones together, and answers each.
    ///
    /// - Parameter anonymous: indices of events whose `authId` is only an anonymous id.
    nonisolated(nonsending) public func ingestBatch(_ events: [JSONValue], anonymous: Set<Int> = []) async throws -> [Outcome] {
        let receivedAt = clock.now().millisecondsSince1970
        var prepared = events.map { prepare($0, receivedAt: receivedAt) }
        try await retryUnknownTriggers(&prepared, events: events, receivedAt: receivedAt)
        var outcomes: [Outcome?] = Array(repeating: nil, count: events.count)
        var records: [IngestionRecord] = []
        var recordIndices: [Int] = []
        records.reserveCapacity(events.count)
        for (index, result) in prepared.enumerated() {
            switch result {
            case .success(.accepted(var accepted)) where anonymous.contains(index):
                accepted.isAnonymous = true
                records.append(.accepted(accepted))
                recordIndices.append(index)
            case .success(let record):
                records.append(record)
                recordIndices.append(index)
            case .failure(let error):
                outcomes[index] = .rejected(error)
            }
        }
        if !records.isEmpty {
            let results = try await committer.commit(records)
            for (position, result) in results.enumerated() {
                outcomes[recordIndices[position]] = Self.outcome(of: records[position], result)
            }
        }
        let final = outcomes.map { $0! }
        record(final)
        return final
    }

    /// Events naming a trigger this node does not know get a second chance: it may have been created
    /// on another node a moment ago, before its change notice arrived (at most ten names a batch).
    nonisolated(nonsending) private func retryUnknownTriggers(
        _ prepared: inout [Result<IngestionRecord, FlintError>], events: [JSONValue], receivedAt: Int64
    ) async throws {
        var unknown: [String: [Int]] = [:]
        for (index, result) in prepared.enumerated() {
            guard case .failure(let error) = result, error.code == .unknownTrigger, case .string(let name)? = events[index]["trigger"]
            else { continue }
            unknown[name, default: []].append(index)
        }
        for (name, indices) in unknown.prefix(10) where try await catalog.lookUpIfUnknown(named: name) {
            for index in indices { prepared[index] = prepare(events[index], receivedAt: receivedAt) }
        }
    }

    /// A record to store, or the error that keeps the event out of any trigger's inspector.
    private func prepare(_ event: JSONValue, receivedAt: Int64) -> Result<IngestionRecord, FlintError> {
        guard case .object(let object) = event else {
            return .failure(
                FlintError(.validationFailed, "An event is a JSON object", details: [Problem(field: "body", problem: "expected an object, got \(event.typeDescription)")]))
        }
        guard case .string(let name)? = object["trigger"] else {
            return .failure(
                FlintError(.validationFailed, "The event names no trigger", details: [Problem(field: "trigger", problem: "is required and must be a string")]))
        }
        guard let definition = catalog.definition(named: name) else {
            return .failure(FlintError(.unknownTrigger, "There is no trigger named \(name.prefix(100))"))
        }
        guard definition.kind == .custom else {
            return .failure(FlintError(.triggerNotAccepting, "Trigger \(name) is \(definition.kind.rawValue); Flint emits its events itself"))
        }
        if event.approximateSize > Self.maximumEventSize {
            return .failure(FlintError(.payloadTooLarge, "An event may be at most 32 KB"))
        }
        return .success(validator.validate(object, against: definition, receivedAt: receivedAt, makeMessageId: ids.makeMessageId).record)
    }

    private static func outcome(of record: IngestionRecord, _ result: IngestionOutcome) -> Outcome {
        switch (record, result) {
        case (.accepted(let event), .accepted): return .accepted(messageId: event.messageId)
        case (.accepted(let event), .duplicate): return .duplicate(messageId: event.messageId)
        case (.rejected(let rejection), _) where result != .unknownTrigger:
            return .rejected(
                FlintError(
                    .validationFailed, "The event does not match trigger \(rejection.trigger)'s schema",
                    details: rejection.problems))
        default:
            return .rejected(FlintError(.unknownTrigger, "The trigger was deleted while the event was in flight"))
        }
    }

    private func record(_ outcomes: [Outcome]) {
        var accepted = 0
        var duplicates = 0
        for outcome in outcomes {
            switch outcome {
            case .accepted: accepted += 1
            case .duplicate: duplicates += 1
            case .rejected(let error): metrics.recordRejected(error.code)
            }
        }
        metrics.recordAccepted(accepted)
        metrics.recordDuplicates(duplicates)
    }
}
