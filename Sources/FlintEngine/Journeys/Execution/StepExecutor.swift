import Logging
import ServiceLifecycle

/// Performs the steps runs are waiting on, as many at once as ``StepJobs`` allows: the engine's hands.
/// The dispatcher and the timers only decide and record; a slow or failing destination here delays
/// nothing but its own steps, and a retrying step waits as a durable timer rather than in a slot.
public final class StepExecutor: Service {
    private let jobs: StepJobs
    private let runner: JourneyRunner

    init(jobs: StepJobs, runner: JourneyRunner) {
        self.jobs = jobs
        self.runner = runner
    }

    public func run() async throws {
        try await runner.resumeInterruptedRuns()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while let job = await self.jobs.next() {
                    group.addTask {
                        await self.runner.perform(job)
                        self.jobs.finished(job)
                    }
                }
            }
        }
    }
}
