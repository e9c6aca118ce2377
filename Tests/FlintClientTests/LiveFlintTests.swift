import FlintClient
import Foundation
import Testing

/// Runs against a real Flint when `FLINT_TEST_ENDPOINT`, `FLINT_TEST_KEY` (an ingestion key) and
/// `FLINT_TEST_TRIGGER` (a trigger with no required attributes) are set; skipped otherwise.
@Suite(
    "A real Flint",
    .enabled(if: ["FLINT_TEST_ENDPOINT", "FLINT_TEST_KEY", "FLINT_TEST_TRIGGER"].allSatisfy { ProcessInfo.processInfo.environment[$0] != nil })
)
struct LiveFlintTests {
    let environment = ProcessInfo.processInfo.environment

    @Test("batch, duplicate and rejection over URLSession")
    func roundTrip() async throws {
        let client = FlintClient(
            endpoint: URL(string: environment["FLINT_TEST_ENDPOINT"]!)!, key: environment["FLINT_TEST_KEY"]!,
            configuration: .init(flushInterval: nil))
        let trigger = environment["FLINT_TEST_TRIGGER"]!
        await client.identify("flint-client-test")
        let event = FlintEvent(trigger: trigger)
        await client.trigger(event)
        await client.trigger(event)  // the same messageId again
        await client.trigger(trigger, attributes: ["not_an_attribute": true])
        let results = await client.flush()

        #expect(results.count == 3)
        #expect(results.first?.status == .accepted)
        #expect(results.dropFirst().first?.status.isDelivered == true)
        guard case .rejected(let error) = results.last?.status else {
            Issue.record("expected a rejection, got \(results)")
            return
        }
        #expect(error.code == "validation_failed")
        #expect(try await client.send(event).status == .duplicate)
    }
}
