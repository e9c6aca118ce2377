import FlintCore
import FlintEngine
import Foundation
import Logging
import Synchronization
import Testing

@Suite("Retention service")
struct RetentionServiceTests {
    /// A store with `rows` of each kind, every one old enough; records each call's cutoff and limit.
    final class CountingStore: RetentionStore {
        struct Call: Equatable {
            var kind: String
            var cutoff: Int64
            var limit: Int
        }

        let state: Mutex<(left: [String: Int], calls: [Call])>

        init(rows: [String: Int]) { state = Mutex((left: rows, calls: [])) }

        var calls: [Call] { state.withLock { $0.calls } }

        private func take(_ kind: String, _ cutoff: Int64, _ limit: Int) -> Int {
            state.withLock { state in
                state.calls.append(Call(kind: kind, cutoff: cutoff, limit: limit))
                let taken = min(limit, state.left[kind, default: 0])
                state.left[kind, default: 0] -= taken
                return taken
            }
        }

        func pruneEvents(receivedBefore cutoff: Int64, limit: Int) async throws -> Int { take("events", cutoff, limit) }
        func pruneTraces(finishedBefore cutoff: Int64, limit: Int) async throws -> Int { take("traces", cutoff, limit) }
        func pruneSends(sentBefore cutoff: Int64, limit: Int) async throws -> Int { take("sends", cutoff, limit) }
    }

    static let day: Int64 = 86_400_000

    @Test func eachKindIsPrunedInBatchesWithPausesBetweenThem() async throws {
        let store = CountingStore(rows: ["events": 250, "traces": 100, "sends": 0])
        let clock = TestWallClock()
        let sleeper = RecordingSleeper()
        let policy = RetentionPolicy(events: .seconds(86_400), traces: .seconds(2 * 86_400), sends: .seconds(3 * 86_400), batchSize: 100)
        let service = RetentionService(store: store, policy: policy, clock: clock, sleeper: sleeper, logger: Logger(label: "test"))

        let pass = try await service.prune()
        #expect(pass == RetentionService.Pass(events: 250, traces: 100, sends: 0))
        let now = clock.now().millisecondsSince1970
        #expect(store.calls.map(\.kind) == ["events", "events", "events", "traces", "traces", "sends"])
        #expect(store.calls.allSatisfy { $0.limit == 100 })
        #expect(Set(store.calls.map(\.cutoff)) == [now - Self.day, now - 2 * Self.day, now - 3 * Self.day])
        #expect(store.calls.first { $0.kind == "sends" }?.cutoff == now - 3 * Self.day)
        // A pause after each full batch: two for the events, one for the traces.
        #expect(sleeper.waits == Array(repeating: .milliseconds(20), count: 3))
    }

    @Test func kindsKeptForeverAreLeftAlone() async throws {
        let store = CountingStore(rows: ["events": 5, "traces": 5, "sends": 5])
        let policy = RetentionPolicy(events: nil, traces: .seconds(86_400), sends: nil)
        let service = RetentionService(
            store: store, policy: policy, clock: TestWallClock(), sleeper: RecordingSleeper(), logger: Logger(label: "test"))
        #expect(try await service.prune() == RetentionService.Pass(events: 0, traces: 5, sends: 0))
        #expect(store.calls.map(\.kind) == ["traces"])
    }

    @Test func policiesThatWouldBreakAPromiseAreRefused() {
        #expect(RetentionPolicy().problem == nil)
        #expect(RetentionPolicy(events: .seconds(3_600)).problem?.contains("messageId dedupe") == true)
        #expect(RetentionPolicy(sends: .seconds(3_600)).problem?.contains("frequency cap") == true)
        #expect(RetentionPolicy(events: nil, traces: nil, sends: nil).problem == nil)
    }
}
