import FlintCore
import Logging
import ServiceLifecycle

/// Fires due journey timers: sleeps until the earliest one, wakes early when a run arms an earlier
/// timer, and resumes every due run. Timers are rows of the run store, so they survive restarts.
///
/// With several nodes on one store, other nodes arm timers too and may die mid-step: it then also
/// looks every `pollInterval`, and takes over the steps whose node let its claim lapse.
public final class TimerService: Service {
    private let runs: any RunStore
    private let runner: JourneyRunner
    private let clock: any WallClock
    private let sleeper: any Clock<Duration>
    private let alarm: TimerAlarm
    private let logger: Logger
    private let batchSize: Int
    private let pollInterval: Duration?

    public init(
        runs: any RunStore, runner: JourneyRunner, clock: any WallClock, sleeper: any Clock<Duration>, alarm: TimerAlarm,
        logger: Logger, batchSize: Int = 256, pollInterval: Duration? = nil
    ) {
        self.pollInterval = pollInterval
        self.runs = runs
        self.runner = runner
        self.clock = clock
        self.sleeper = sleeper
        self.alarm = alarm
        self.logger = logger
        self.batchSize = batchSize
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.fireDueTimers()
                    if self.pollInterval != nil {
                        // Other nodes share the store: keep what this node holds, take over what a dead one left.
                        try await self.runner.renewHeldClaims()
                        try await self.runner.resumeInterruptedRuns()
                    }
                    try await self.sleepUntilNextTimer()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("firing timers failed; trying again shortly", metadata: ["error": "\(error)"])
                    try? await self.sleeper.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Resumes every run whose timer is due, in batches.
    func fireDueTimers() async throws {
        while true {
            let due = try await runs.dueRunIds(at: clock.now().millisecondsSince1970, limit: batchSize)
            if due.isEmpty { return }
            await withTaskGroup(of: Void.self) { group in
                for runId in due { group.addTask { await self.runner.apply(.timerDue, to: runId) } }
            }
            if due.count < batchSize { return }
        }
    }

    /// Sleeps until the earliest timer, or until a run arms a new timer (it may be earlier).
    private func sleepUntilNextTimer() async throws {
        let next = try await runs.earliestDueAt()
        alarm.sleeping(until: next)
        let signal = alarm.signal
        let sleeper = self.sleeper
        var delay: Duration? = next.map { .milliseconds(max(0, $0 - clock.now().millisecondsSince1970)) }
        if let pollInterval { delay = min(delay ?? pollInterval, pollInterval) }
        if delay == .zero { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signal.wait() }
            if let delay { group.addTask { try? await sleeper.sleep(for: delay) } }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }
}
