import FlintCore
import Foundation

/// Runs `body` with a fresh, empty folder under the temporary directory and removes it afterwards.
func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// A fixed instant on a whole millisecond, so stored times compare equal after a round trip.
let referenceTime = Date(millisecondsSince1970: 1_764_151_200_000)

/// Test data for triggers and ingestion records.
enum Fixture {
    static let attributes = [
        AttributeDefinition(name: "location", type: .text, required: true, description: "Where"),
        AttributeDefinition(name: "amount", type: .number),
        AttributeDefinition(name: "firstVisit", type: .boolean),
        AttributeDefinition(name: "signedUpAt", type: .datetime),
        AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
    ]

    static func trigger(
        _ name: String = "wifi_signup", eventName: String? = nil, status: TriggerStatus = .awaitingIntegration,
        eventCount: Int = 0
    ) -> Trigger {
        Trigger(
            definition: TriggerDefinition(
                name: name, title: "Title of \(name)", description: "About \(name)", kind: .custom,
                customerType: .profile, eventName: eventName, attributes: attributes),
            status: status, createdAt: referenceTime, eventCount: eventCount)
    }

    static func accepted(
        _ messageId: String, trigger: String = "wifi_signup", receivedAt: Int64 = 1_000,
        attributes: JSONObject = ["location": "lobby"]
    ) -> IngestionRecord {
        .accepted(
            AcceptedEvent(
                messageId: messageId, trigger: trigger, authId: "contact-\(messageId)", timestamp: receivedAt,
                receivedAt: receivedAt, attributes: attributes))
    }

    static func rejected(
        _ messageId: String?, trigger: String = "wifi_signup", receivedAt: Int64 = 1_000,
        problems: [Problem] = [Problem(field: "attributes.location", problem: "is required")],
        attributesJSON: String? = #"{"amount":"ten"}"#
    ) -> IngestionRecord {
        .rejected(
            RejectedEvent(
                trigger: trigger, messageId: messageId, authId: "contact-x", receivedAt: receivedAt, problems: problems,
                attributesJSON: attributesJSON))
    }
}

extension Storage {
    /// Starts runs through the group commit's write, as the runner does; returns the ids stored.
    func insertRuns(_ runs: [StoredRun]) async throws -> Set<String> {
        let outcomes = try await events.commit(runs.map { .runStart($0) })
        return Set(zip(runs, outcomes).filter { $0.1 == .started }.map(\.0.run.id))
    }

    /// Saves one run through the group commit's write, as the runner does; false when its revision is stale.
    func saveRun(_ run: JourneyRun, expectedRevision: Int, newTraceFrom: Int, send: SendRecord?) async throws -> Bool {
        let previousStatus = try await runs.run(id: run.id)?.run.status ?? .active
        let save = RunSave(run: run, expectedRevision: expectedRevision, previousStatus: previousStatus, newTraceFrom: newTraceFrom, send: send)
        if case .saved = try await events.commit([.runSave(save)])[0] { return true }
        return false
    }
}
