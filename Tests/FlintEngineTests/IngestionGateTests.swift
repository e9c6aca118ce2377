import FlintCore
import FlintEngine
import Testing

@Suite("Ingestion gate")
struct IngestionGateTests {
    /// Refusals by a limit per client are answered after the hold; what goes through is never held.
    @Test func refusalsWaitForTheirHoldAndOthersDoNot() async throws {
        let harness = KeyServiceHarness()
        let sleeper = RecordingSleeper()
        let gate = IngestionGate(
            keys: harness.service, publishableRatePerClient: 1, failuresPerClient: 1, clock: harness.clock, refusalHold: .seconds(1),
            sleeper: sleeper)
        let issued = try await harness.service.create(IngestionKeyRequest(name: "web", kind: .publishable, allowedOrigins: ["https://shop.example"]))
        for _ in 0..<10 { _ = try await gate.admit(token: issued.value, origin: "https://shop.example", client: "198.51.100.1") }
        #expect(sleeper.waits.isEmpty)
        let limited = await #expect(throws: FlintError.self) {
            try await gate.admit(token: issued.value, origin: "https://shop.example", client: "198.51.100.1")
        }
        #expect(limited?.code == .rateLimited && sleeper.waits == [.seconds(1)])
        // Another client is its own bucket, and is not held.
        _ = try await gate.admit(token: issued.value, origin: "https://shop.example", client: "198.51.100.2")
        #expect(sleeper.waits == [.seconds(1)])
        // Failing keys: ten answered 401 at once, then 429 after the hold.
        for _ in 0..<10 {
            let error = await #expect(throws: FlintError.self) { try await gate.admit(token: "flk_sec_nope", origin: nil, client: "203.0.113.9") }
            #expect(error?.code == .unauthorized)
        }
        let guessing = await #expect(throws: FlintError.self) { try await gate.admit(token: "flk_sec_nope", origin: nil, client: "203.0.113.9") }
        #expect(guessing?.code == .rateLimited && sleeper.waits.count == 2)
        // The guessing address has no key checked until it has a token again; others are unaffected.
        let working = try await harness.service.create(IngestionKeyRequest(name: "server", kind: .secret))
        let refused = await #expect(throws: FlintError.self) { try await gate.admit(token: working.value, origin: nil, client: "203.0.113.9") }
        #expect(refused?.code == .rateLimited)
        _ = try await gate.admit(token: working.value, origin: nil, client: "203.0.113.10")
        harness.clock.advance(by: 1.5)
        _ = try await gate.admit(token: working.value, origin: nil, client: "203.0.113.9")
    }
}
