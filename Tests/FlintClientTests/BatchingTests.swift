import FlintClient
import Foundation
import Testing

@Suite("Batching")
struct BatchingTests {
    @Test("events leave in batches of the maximum size, in order, each once")
    func batchesBySize() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport) { $0.maximumBatchSize = 3 }
        for number in 0..<7 {
            await client.trigger("page_view", attributes: ["number": .number(Double(number))], authId: "contact-1")
        }
        let results = await client.flush()

        let requests = await transport.requests
        #expect(requests.map { events(in: $0).count } == [3, 3, 1])
        let sent = requests.flatMap { events(in: $0) }
        #expect(sent.map { $0["attributes"] as! [String: Double] } == (0..<7).map { ["number": Double($0)] })
        #expect(results.map(\.messageId) == requests.flatMap(messageIds(in:)))
        #expect(Set(results.map(\.messageId)).count == 7)
        #expect(results.allSatisfy { $0.status == .accepted && $0.trigger == "page_view" })
    }

    @Test("a batch body stays within the byte limit")
    func batchesByBytes() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport) { $0.maximumBatchBytes = 2048 }
        let filler = String(repeating: "x", count: 600)
        for _ in 0..<10 { await client.trigger("page_view", attributes: ["note": .string(filler)], authId: "c") }
        let results = await client.flush()

        let requests = await transport.requests
        #expect(requests.count > 1)
        #expect(requests.allSatisfy { $0.httpBody!.count <= 2048 })
        #expect(requests.map { events(in: $0).count }.reduce(0, +) == 10)
        #expect(results.count == 10)
    }

    @Test("an event larger than a batch still goes, alone")
    func oversizedEventGoesAlone() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport) { $0.maximumBatchBytes = 1024 }
        await client.trigger("page_view", attributes: ["note": .string(String(repeating: "x", count: 2000))], authId: "c")
        await client.trigger("page_view", authId: "c")
        _ = await client.flush()
        #expect(await transport.requests.map { events(in: $0).count } == [1, 1])
    }

    @Test("flush empties the queue; a second flush sends nothing")
    func flushEmptiesTheQueue() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        for _ in 0..<3 { await client.trigger("page_view", authId: "c") }
        #expect(await client.queuedEventCount == 3)

        #expect(await client.flush().count == 3)
        #expect(await client.queuedEventCount == 0)
        #expect(await client.flush().isEmpty)
        #expect(await transport.requests.count == 1)
    }

    @Test("per-event verdicts of a batch are kept apart")
    func perEventVerdicts() async throws {
        let transport = FakeTransport { request, _ in
            let ids = messageIds(in: request)
            return (200, [:], FakeTransport.json(["results": [
                ["index": 1, "status": "rejected", "error": ["code": "validation_failed", "message": "bad", "details": []]],
                ["index": 0, "status": "accepted", "messageId": ids[0]],
                ["index": 2, "status": "duplicate", "messageId": ids[2]],
            ]]))
        }
        let client = makeClient(transport)
        for _ in 0..<3 { await client.trigger("page_view", authId: "c") }
        let results = await client.flush()
        #expect(results.map(\.status) == [.accepted, .rejected(FlintAPIError(code: "validation_failed", message: "bad")), .duplicate])
    }

    @Test("the oldest events are dropped past the queue limit")
    func queueLimit() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport) { $0.maximumQueueSize = 2 }
        for number in 0..<5 { await client.trigger("page_view", attributes: ["number": .number(Double(number))], authId: "c") }
        #expect(await client.droppedEventCount == 3)
        _ = await client.flush()
        let sent = await transport.requests.flatMap { events(in: $0) }
        #expect(sent.map { $0["attributes"] as! [String: Double] } == [["number": 3], ["number": 4]])
    }

    @Test("an event that cannot be encoded is reported by the next flush and not sent")
    func encodingFailure() async throws {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await client.trigger("page_view", attributes: ["amount": .number(.nan)], authId: "c")
        let results = await client.flush()
        guard case .failed(let error) = results.first?.status else {
            Issue.record("expected a failure, got \(results)")
            return
        }
        #expect(error.code == .encoding)
        #expect(await transport.requests.isEmpty)
    }
}
