import FlintCore
@testable import FlintEngine
import Foundation
import Synchronization
import Testing

/// A run store whose send count fails a given number of times before answering.
final class FlakySendCountStore: RunStore {
    struct Unavailable: Error {}
    private let failuresLeft: Mutex<Int>
    let count: Int

    init(failures: Int, count: Int) {
        failuresLeft = Mutex(failures)
        self.count = count
    }

    func sendCount(authId: String, channel: SendRecord.Channel, purpose: MessagePurpose, since: Int64) async throws -> Int {
        let fail = failuresLeft.withLock { left in
            defer { left -= 1 }
            return left > 0
        }
        if fail { throw Unavailable() }
        return count
    }

    func run(id: String) async throws -> StoredRun? { throw Unavailable() }
    func dueRunIds(at now: Int64, limit: Int) async throws -> [String] { throw Unavailable() }
    func earliestDueAt() async throws -> Int64? { throw Unavailable() }
    func postpone(runId: String, revision: Int, until dueAt: Int64) async throws -> Bool { throw Unavailable() }
    func awaitedTriggers() async throws -> Set<String> { throw Unavailable() }
    func runIds(waitingFor trigger: String, authId: String) async throws -> [String] { throw Unavailable() }
    func unfinishedRunIds(journeyIds: [String], authId: String) async throws -> [String] { throw Unavailable() }
    func performingRunIds(at now: Int64) async throws -> [String] { throw Unavailable() }
    func renewClaims(runIds: [String], at now: Int64) async throws { throw Unavailable() }
    func latestStart(journeyId: String, authId: String) async throws -> Int64? { throw Unavailable() }
    func runs(journeyId: String, authId: String?, limit: Int) async throws -> [JourneyRun] { throw Unavailable() }
    func stats(journeyId: String) async throws -> JourneyStats { throw Unavailable() }
    func totals(journeyIds: [String]) async throws -> [String: JourneyStats] { throw Unavailable() }
    func send(idempotencyKey: String) async throws -> SendRecord? { throw Unavailable() }
}

@Suite("Frequency cap")
struct FrequencyCapTests {
    func cap(_ store: FlakySendCountStore) -> FrequencyCap {
        FrequencyCap(runs: store, perDay: 3, clock: TestWallClock())
    }

    /// Failing closed: an unreadable count holds the message back to be retried, it never lets it through.
    @Test func holdsTheMessageBackWhenTheCountCannotBeRead() async {
        let refusal = await cap(FlakySendCountStore(failures: 1, count: 0)).refusal(authId: "ann", channel: .email)
        guard case .retry(let message) = refusal else {
            Issue.record("an unreadable count must stop the send, got \(String(describing: refusal))")
            return
        }
        #expect(message.contains("frequency cap could not be checked"))
    }

    @Test func decidesOnTheRealCount() async {
        #expect(await cap(FlakySendCountStore(failures: 0, count: 2)).refusal(authId: "ann", channel: .sms) == nil)
        let capped = await cap(FlakySendCountStore(failures: 0, count: 3)).refusal(authId: "ann", channel: .sms)
        guard case .skip(let reason) = capped else {
            Issue.record("three messages in a day reach the cap of 3")
            return
        }
        #expect(reason.contains("limit 3"))
    }
}
