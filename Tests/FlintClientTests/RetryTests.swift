import FlintClient
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Retries")
struct RetryTests {
    @Test("503 is retried after Retry-After, with the same messageIds and bytes")
    func serviceUnavailableThenSuccess() async throws {
        let transport = FakeTransport { request, attempt in
            attempt == 0 ? FakeTransport.error(503, "unavailable", headers: ["retry-after": "7"]) : FakeTransport.accept(request)
        }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock)
        for _ in 0..<2 { await client.trigger("page_view", authId: "c") }
        let results = await client.flush()

        let requests = await transport.requests
        #expect(requests.count == 2)
        #expect(messageIds(in: requests[0]) == messageIds(in: requests[1]))
        #expect(requests[0].httpBody == requests[1].httpBody)
        #expect(clock.waits == [.seconds(7)])
        #expect(results.map(\.status) == [.accepted, .accepted])
        #expect(results.map(\.messageId) == messageIds(in: requests[0]))
    }

    @Test("429 without Retry-After backs off exponentially with jitter")
    func rateLimitedBacksOff() async throws {
        let transport = FakeTransport { request, attempt in
            attempt < 3 ? FakeTransport.error(429, "rate_limited") : FakeTransport.accept(request)
        }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock) { $0.initialBackoff = .milliseconds(500) }
        await client.trigger("page_view", authId: "c")
        #expect(await client.flush().map(\.status) == [.accepted])

        let waits = clock.waits
        #expect(waits.count == 3)
        for (index, wait) in waits.enumerated() {
            let ceiling = Duration.milliseconds(500) * (1 << index)
            #expect(wait >= ceiling / 2 && wait <= ceiling, "wait \(index) was \(wait)")
        }
    }

    @Test("backoff is capped at the maximum")
    func backoffCap() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.error(500, "internal") }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock) {
            $0.maximumAttempts = 8
            $0.maximumBackoff = .seconds(2)
        }
        await client.trigger("page_view", authId: "c")
        _ = await client.flush()
        #expect(clock.waits.count == 7)
        #expect(clock.waits.allSatisfy { $0 <= .seconds(2) })
    }

    @Test("a final 4xx is not retried", arguments: [400, 401, 403, 413])
    func finalStatus(status: Int) async throws {
        let transport = FakeTransport { _, _ in FakeTransport.error(status, "validation_failed") }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock)
        await client.trigger("page_view", authId: "c")
        await client.trigger("page_view", authId: "c")
        let results = await client.flush()

        #expect(await transport.requests.count == 1)
        #expect(clock.waits.isEmpty)
        let expected = FlintAPIError(
            code: "validation_failed", message: "a sentence", details: [.init(field: "attributes.amount", problem: "expected a number")])
        #expect(results.map(\.status) == [.rejected(expected), .rejected(expected)])
        #expect(await client.queuedEventCount == 0)
    }

    @Test("network errors are retried")
    func networkErrorThenSuccess() async throws {
        let transport = FakeTransport { request, attempt in
            if attempt < 2 { throw URLError(.notConnectedToInternet) }
            return FakeTransport.accept(request)
        }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock)
        await client.trigger("page_view", authId: "c")
        let results = await client.flush()

        let requests = await transport.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map { messageIds(in: $0) }).count == 1)
        #expect(clock.waits.count == 2)
        #expect(results.map(\.status) == [.accepted])
    }

    @Test("after the last attempt the events fail and leave the queue")
    func attemptsRunOut() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.error(503, "unavailable", headers: ["Retry-After": "1"]) }
        let clock = TestClock(autoAdvance: true)
        let client = makeClient(transport, clock: clock) { $0.maximumAttempts = 3 }
        await client.trigger("page_view", authId: "c")
        let results = await client.flush()

        #expect(await transport.requests.count == 3)
        #expect(clock.waits.count == 2)
        #expect(results.map(\.status) == [.failed(FlintDeliveryError(code: .unavailable, message: "Flint answered HTTP 503", httpStatus: 503))])
        #expect(await client.queuedEventCount == 0)
    }

    @Test("an unreadable 200 is retried (messageIds make it safe)")
    func unreadableAnswer() async throws {
        let transport = FakeTransport { request, attempt in
            attempt == 0 ? (200, [:], Data("<html>captive portal</html>".utf8)) : FakeTransport.accept(request)
        }
        let client = makeClient(transport)
        await client.trigger("page_view", authId: "c")
        #expect(await client.flush().map(\.status) == [.accepted])
        #expect(await transport.requests.count == 2)
    }

    @Test("a cancelled flush leaves its events queued")
    func cancelledFlush() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.error(503, "unavailable") }
        let clock = TestClock(autoAdvance: false)
        let client = makeClient(transport, clock: clock)
        await client.trigger("page_view", authId: "c")
        let flush = Task { await client.flush() }
        #expect(await clock.waitForSleepers(1))
        flush.cancel()
        #expect(await flush.value.isEmpty)
        #expect(await client.queuedEventCount == 1)
    }
}
