import FlintCore
import Testing

@Suite("Journey counter changes")
struct JourneyCounterChangesTests {
    static func run(status: JourneyRun.Status = .active, _ trace: [TraceEntry]) -> JourneyRun {
        JourneyRun(
            id: "r", journeyId: "j-1", version: 1, authId: "c", bindingId: nil, startedAt: 0, position: 0, status: status, waiting: nil,
            performing: nil, trace: trace)
    }

    static func counter(_ step: String, _ name: JourneyCounter.Name) -> JourneyCounter {
        JourneyCounter(journeyId: "j-1", step: step, name: name)
    }

    @Test func aStartCountsTheRunAndEachStepItReached() {
        let run = Self.run([
            TraceEntry(step: nil, at: 0, outcome: .entered, detail: ""),
            TraceEntry(step: "hello", at: 0, outcome: .retrying, detail: "421"),
            TraceEntry(step: "hello", at: 0, outcome: .sent, detail: "250"),
            TraceEntry(step: "nudge", at: 0, outcome: .skipped, detail: "no consent"),
        ])
        var changes = JourneyCounterChanges()
        changes.countStart(of: run)
        #expect(changes.amounts == [
            Self.counter("", .entered): 1, Self.counter("hello", .reached): 1, Self.counter("hello", .sent): 1,
            Self.counter("nudge", .reached): 1, Self.counter("nudge", .skipped): 1,
        ])
    }

    /// A save counts only its new trace entries; a step reached before is not reached again, and a run
    /// counts as finished only on the save that finished it.
    @Test func aSaveCountsWhatIsNew() {
        let run = Self.run(status: .completed, [
            TraceEntry(step: "hello", at: 0, outcome: .failed, detail: "550"),
            TraceEntry(step: "hello", at: 1, outcome: .sent, detail: "250"),
            TraceEntry(step: "bye", at: 1, outcome: .sent, detail: "250"),
        ])
        var changes = JourneyCounterChanges()
        changes.countSave(of: run, previousStatus: .active, newTraceFrom: 1)
        #expect(changes.amounts == [
            Self.counter("", .completed): 1, Self.counter("hello", .sent): 1, Self.counter("bye", .reached): 1,
            Self.counter("bye", .sent): 1,
        ])
        var again = JourneyCounterChanges()
        again.countSave(of: run, previousStatus: .completed, newTraceFrom: run.trace.count)
        #expect(again.isEmpty)
    }

    @Test func opensAndClicksCountUniquesOnlyWhenFirst() {
        var changes = JourneyCounterChanges()
        changes.countTracking(TrackingCommit(messageId: "m", journeyId: "j-1", stepId: "hello", link: nil, at: 0, count: 3, event: nil), firstForMessage: true)
        changes.countTracking(TrackingCommit(messageId: "m", journeyId: "j-1", stepId: "hello", link: 2, at: 0, event: nil), firstForMessage: false)
        #expect(changes.amounts == [
            Self.counter("hello", .opens): 3, Self.counter("hello", .uniqueOpens): 1, Self.counter("hello", .clicks): 1,
        ])
    }

    @Test func changesComeInOneOrderSoConcurrentCommitsLockAlike() {
        var changes = JourneyCounterChanges()
        for journey in ["j-2", "j-1", "j-3"] {
            changes.countTracking(TrackingCommit(messageId: "m", journeyId: journey, stepId: "s", link: nil, at: 0, event: nil), firstForMessage: true)
        }
        let keys = changes.sorted.map(\.counter)
        #expect(keys == keys.sorted() && keys.map(\.journeyId) == ["j-1", "j-1", "j-2", "j-2", "j-3", "j-3"])
    }

    @Test func statsReadTheCounters() {
        let stats = JourneyStats(counters: [
            ("", "entered", 5), ("", "completed", 2), ("", "failed", 1), ("hello", "reached", 5), ("hello", "failed", 3),
            ("hello", "uniqueClicks", 2), ("hello", "unknown", 9),
        ])
        #expect(stats.entered == 5 && stats.completed == 2 && stats.failed == 1 && stats.exited == 0)
        #expect(stats.steps == ["hello": JourneyStats.StepCounts(reached: 5, failed: 3, uniqueClicks: 2)])
    }
}
