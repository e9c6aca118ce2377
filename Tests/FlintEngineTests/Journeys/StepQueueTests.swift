@testable import FlintEngine
import Testing

@Suite("Step queue")
struct StepQueueTests {
    static func job(_ run: String, _ destination: String, step: String = "s") -> StepJob {
        StepJob(runId: run, stepId: step, destination: destination)
    }

    @Test func aDestinationAtItsLimitDoesNotHoldUpTheOthers() {
        var queue = StepQueue(maximumInFlight: 4, maximumPerDestination: 2)
        for index in 0..<5 { queue.enqueue(Self.job("slow\(index)", "webhook:slow")) }
        queue.enqueue(Self.job("fast0", "webhook:fast"))
        queue.enqueue(Self.job("fast1", "webhook:fast"))
        let started = (0..<4).compactMap { _ in queue.take() }
        #expect(started.map(\.runId) == ["slow0", "fast0", "slow1", "fast1"])
        #expect(queue.take() == nil)
        #expect(queue.queuedCount == 3)
        queue.finish(started[1])
        // A freed global slot goes to the slow destination only while it is under its own limit.
        #expect(queue.take() == nil)
        queue.finish(started[0])
        #expect(queue.take()?.runId == "slow2")
    }

    /// A long line (a hanging destination's) keeps its order while it is taken, refilled and compacted.
    @Test func aLongLineIsTakenInSubmissionOrder() {
        var queue = StepQueue(maximumInFlight: 1, maximumPerDestination: 1)
        var submitted = 0
        var taken: [String] = []
        for round in 0..<30 {
            for _ in 0..<(round % 3 == 0 ? 100 : 10) {
                queue.enqueue(Self.job("r\(submitted)", "webhook:hang"))
                submitted += 1
            }
            for _ in 0..<37 {
                guard let job = queue.take() else { break }
                taken.append(job.runId)
                queue.finish(job)
            }
        }
        while let job = queue.take() {
            taken.append(job.runId)
            queue.finish(job)
        }
        #expect(taken == (0..<submitted).map { "r\($0)" })
        #expect(queue.queuedCount == 0)
    }

    /// A delivered step frees its destination for the next step while its result is saved, but still
    /// counts against the global limit until it finishes; finishing it then frees nothing twice.
    @Test func aDeliveredStepFreesItsDestinationButNotItsGlobalSlot() throws {
        var queue = StepQueue(maximumInFlight: 3, maximumPerDestination: 1)
        for index in 0..<4 { queue.enqueue(Self.job("r\(index)", "webhook:a")) }
        let firstTaken = queue.take()
        let first = try #require(firstTaken)
        #expect(queue.take() == nil)
        queue.deliver(first)
        queue.deliver(first)
        let secondTaken = queue.take()
        let second = try #require(secondTaken)
        #expect(queue.take() == nil)
        queue.deliver(second)
        let thirdTaken = queue.take()
        let third = try #require(thirdTaken)
        queue.deliver(third)
        // Three in flight (two of them saving): the global limit holds the fourth back.
        #expect(queue.inFlightCount == 3 && queue.take() == nil)
        queue.finish(first)
        let fourthTaken = queue.take()
        let fourth = try #require(fourthTaken)
        // The destination's count was freed once per job: with the fourth undelivered, nothing else may start.
        queue.finish(second)
        queue.enqueue(Self.job("r4", "webhook:a"))
        #expect(queue.take() == nil)
        queue.finish(fourth)
        #expect(queue.take()?.runId == "r4")
        #expect(queue.heldRunIds.contains("r2"))
    }

    @Test func theGlobalLimitHolds() {
        var queue = StepQueue(maximumInFlight: 2, maximumPerDestination: 2)
        for index in 0..<3 { queue.enqueue(Self.job("r\(index)", "d\(index)")) }
        #expect(queue.take() != nil && queue.take() != nil && queue.take() == nil)
        #expect(queue.inFlightCount == 2)
    }

    @Test func theSameStepSubmittedTwiceRunsOnceButTheNextStepMayQueue() {
        var queue = StepQueue(maximumInFlight: 4, maximumPerDestination: 4)
        let accepted = queue.enqueue(Self.job("r", "email"))
        let again = queue.enqueue(Self.job("r", "email"))
        #expect(accepted && !again)
        let first = queue.take()!
        let whileInFlight = queue.enqueue(first)
        let next = queue.enqueue(Self.job("r", "email", step: "next"))
        #expect(!whileInFlight && next)
        queue.finish(first)
        let afterwards = queue.enqueue(first)
        #expect(afterwards)
    }
}
