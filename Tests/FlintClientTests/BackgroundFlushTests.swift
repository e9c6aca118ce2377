import FlintClient
import Testing

@Suite("Background flushing")
struct BackgroundFlushTests {
    @Test("queued events leave after the flush interval, not before")
    func flushInterval() async throws {
        let transport = FakeTransport()
        let clock = TestClock(autoAdvance: false)
        let client = makeClient(transport, clock: clock) { $0.flushInterval = .seconds(5) }
        await client.trigger("page_view", authId: "c")
        await client.trigger("page_view", authId: "c")

        #expect(await clock.waitForSleepers(1))
        #expect(clock.waits == [.seconds(5)])  // one timer for both events
        #expect(await transport.requests.isEmpty)
        clock.advance(by: .seconds(5))
        #expect(await transport.waitForRequests(1))
        #expect(await transport.requests.map { events(in: $0).count } == [2])
    }

    @Test("a full batch leaves at once")
    func fullBatch() async throws {
        let transport = FakeTransport()
        let clock = TestClock(autoAdvance: false)
        let client = makeClient(transport, clock: clock) {
            $0.flushInterval = .seconds(60)
            $0.maximumBatchSize = 2
        }
        await client.trigger("page_view", authId: "c")
        await client.trigger("page_view", authId: "c")
        #expect(await transport.waitForRequests(1))
        #expect(await transport.requests.map { events(in: $0).count } == [2])
    }

    @Test("close sends what is queued and stops the timer")
    func close() async throws {
        let transport = FakeTransport()
        let clock = TestClock(autoAdvance: false)
        let client = makeClient(transport, clock: clock) { $0.flushInterval = .seconds(5) }
        await client.trigger("page_view", authId: "c")
        #expect(await clock.waitForSleepers(1))
        #expect(await client.close().map(\.status) == [.accepted])
        #expect(clock.sleeperCount == 0)
    }
}
