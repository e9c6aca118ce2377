import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Handed-over run states")
struct HandedOverRunsTests {
    static let journey = LiveJourney(
        id: "jrn_1", version: 1,
        definition: try! JourneyDefinition.parse(
            webhookJourney("Notify", trigger: "signup", host: "ok.example"), triggers: { TriggerDefinition(name: $0, title: $0, attributes: []) }),
        liveSince: 0)

    static func state(_ runId: String = "run_1", performing step: String? = "hook", revision: Int = 1, loadedAt: Int64 = 1_000)
        -> (StoredRun, JourneyRunner.RunContext)
    {
        let run = JourneyRun(
            id: runId, journeyId: "jrn_1", version: 1, authId: "ann", bindingId: nil, startedAt: 0, position: 0, status: .active,
            waiting: nil, performing: step, trace: [])
        let context = JourneyRunner.RunContext(
            journey: journey, isLive: true, data: JourneyData(trigger: [:]), customerType: .contact, loadedAt: loadedAt)
        return (StoredRun(run: run, revision: revision, entry: RunEntry(messageId: "m1", attributes: [:])), context)
    }

    static let job = StepJob(runId: "run_1", stepId: "hook", destination: "webhook:ok.example:443")

    @Test func aSavedStateIsTakenOnceForItsStep() {
        let handed = HandedOverRuns(isEnabled: true)
        handed.settle(handed.prepare("run_1", next: Self.state(), now: 1_000), saved: true)
        #expect(handed.take(StepJob(runId: "run_1", stepId: "other", destination: "x")) == nil)
        handed.settle(handed.prepare("run_1", next: Self.state(), now: 1_000), saved: true)
        #expect(handed.take(Self.job)?.stored.revision == 1)
        #expect(handed.take(Self.job) == nil)
        #expect(handed.count == 0)
    }

    @Test func aPendingOrRefusedSaveHandsNothingOver() {
        let handed = HandedOverRuns(isEnabled: true)
        let ticket = handed.prepare("run_1", next: Self.state(), now: 1_000)
        #expect(handed.take(Self.job) == nil)
        handed.settle(ticket, saved: false)
        #expect(handed.count == 0)
        #expect(handed.take(Self.job) == nil)
    }

    /// Two saves of one run race: the one prepared later wins, whatever order they settle in.
    @Test func aLaterSaveWithdrawsWhatAnEarlierOneHandedOver() {
        let handed = HandedOverRuns(isEnabled: true)
        let first = handed.prepare("run_1", next: Self.state(revision: 1), now: 1_000)
        let second = handed.prepare("run_1", next: Self.state(revision: 2), now: 1_000)
        handed.settle(second, saved: true)
        handed.settle(first, saved: true)
        #expect(handed.take(Self.job)?.stored.revision == 2)
        // A save that performs nothing (an exit, say) withdraws the state before it commits.
        handed.settle(handed.prepare("run_1", next: Self.state(revision: 3), now: 1_000), saved: true)
        _ = handed.prepare("run_1", next: nil, now: 1_000)
        #expect(handed.take(Self.job) == nil)
    }

    @Test func oldDataIsStale() throws {
        let handed = HandedOverRuns(isEnabled: true, maximumDataAge: 1_000)
        handed.settle(handed.prepare("run_1", next: Self.state(loadedAt: 1_000), now: 1_000), saved: true)
        let state = try #require(handed.take(Self.job))
        #expect(!handed.isStale(state, now: 2_000))
        #expect(handed.isStale(state, now: 2_001))
    }

    /// States stuck behind a hanging destination make room for fresh ones once the table is full.
    @Test func aFullTableDropsItsOldStatesForNewOnes() {
        let handed = HandedOverRuns(isEnabled: true, maximumDataAge: 1_000, maximumCount: 2)
        for id in ["run_1", "run_2"] { handed.settle(handed.prepare(id, next: Self.state(id, loadedAt: 1_000), now: 1_000), saved: true) }
        // Full, and nothing old yet: no room (and the next sweep waits a quarter of the age).
        #expect(handed.prepare("run_3", next: Self.state("run_3", loadedAt: 1_900), now: 1_900) == nil)
        #expect(handed.prepare("run_3", next: Self.state("run_3", loadedAt: 2_100), now: 2_100) == nil)
        // The sweep measures age from now, not from the data of the state being handed over.
        handed.settle(handed.prepare("run_4", next: Self.state("run_4", loadedAt: 1_500), now: 2_200), saved: true)
        #expect(handed.count == 1)
        #expect(handed.take(StepJob(runId: "run_4", stepId: "hook", destination: "x")) != nil)
        #expect(handed.take(Self.job) == nil)
    }

    /// A clock set back past a state's reading leaves its age unknown: it is read again.
    @Test func dataReadInTheFutureIsStale() throws {
        let handed = HandedOverRuns(isEnabled: true, maximumDataAge: 1_000)
        handed.settle(handed.prepare("run_1", next: Self.state(loadedAt: 5_000), now: 5_000), saved: true)
        let state = try #require(handed.take(Self.job))
        #expect(handed.isStale(state, now: 4_999))
    }

    @Test func aFullTableAndSeveralNodesHandNothingOver() {
        let handed = HandedOverRuns(isEnabled: true, maximumCount: 1)
        handed.settle(handed.prepare("run_1", next: Self.state(), now: 1_000), saved: true)
        #expect(handed.prepare("run_2", next: Self.state("run_2"), now: 1_000) == nil)
        #expect(handed.count == 1)
        let shared = HandedOverRuns(isEnabled: false)
        shared.settle(shared.prepare("run_1", next: Self.state(), now: 1_000), saved: true)
        #expect(shared.take(Self.job) == nil)
    }
}
