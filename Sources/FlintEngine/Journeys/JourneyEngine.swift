import FlintCore
import Logging
import ServiceLifecycle

/// The journey side of Flint, assembled: the dispatcher that feeds runs from the event log and the
/// timer service (they decide), the executor that performs steps (it does), the runner between them,
/// and the dry run.
public struct JourneyEngine: Sendable {
    public let runner: JourneyRunner
    public let dispatcher: Dispatcher
    public let timers: TimerService
    public let executor: StepExecutor
    /// The executor's inbox, for tests and metrics.
    public let jobs: StepJobs
    public let dryRun: JourneyDryRun
    /// The triggers runs wait for, reloaded by the change follower after a possible miss.
    public let awaited: AwaitedTriggers

    /// The long-running parts, in start order (they stop in reverse). The committer they write through
    /// is ingestion's, and must be started before them (and so stop after them).
    public var services: [any Service] { [executor, dispatcher, timers] }

    /// - Parameters:
    ///   - committer: the store's group commit, which runs are written through with ingestion's writes.
    ///   - dispatchSignal: signalled after each commit that appended events (the committer's `afterCommit`).
    ///   - delivery: where messages go out (``JourneyChannels`` in production).
    ///   - sleeper: the clock the timer service sleeps on; tests pass their own.
    ///   - jobs: the executor's limits (64 steps at once, 16 per destination by default).
    ///   - tracking: how emails are tracked, when `FLINT_PUBLIC_URL` is set.
    ///   - pollInterval: the store's ``StorageBackend/pollInterval``: set when other nodes write to it too.
    public init(
        storage: Storage, committer: GroupCommitter, catalog: JourneyCatalog, triggers: TriggerCatalog, delivery: any StepDelivery,
        retry: RetryPolicy = RetryPolicy(), commercialCapPerDay: Int? = nil, dispatchSignal: WakeSignal, clock: any WallClock,
        sleeper: any Clock<Duration>, jobs: StepJobs = StepJobs(), tracking: EmailTracking? = nil, entities: EntityCatalog? = nil,
        pollInterval: Duration? = nil, logger: Logger
    ) {
        let loader = JourneyDataLoader(customers: storage.customers, records: storage.entities, triggers: triggers, entities: entities)
        let alarm = TimerAlarm()
        awaited = AwaitedTriggers()
        let performer = StepPerformer(
            runs: storage.runs, delivery: delivery, retry: retry, commercialCapPerDay: commercialCapPerDay,
            activator: TriggerActivator(triggers: triggers), tracking: tracking, clock: clock)
        self.jobs = jobs
        runner = JourneyRunner(
            runs: storage.runs, loader: loader, catalog: catalog, triggers: triggers, performer: performer, jobs: jobs,
            clock: clock, timers: alarm, committer: committer, awaited: awaited, movesRunsAlone: pollInterval == nil, logger: logger)
        executor = StepExecutor(jobs: jobs, runner: runner)
        dispatcher = Dispatcher(
            eventLog: storage.eventLog, runs: storage.runs, customers: storage.customers, loader: loader, catalog: catalog, triggers: triggers,
            runner: runner, wakeup: dispatchSignal, clock: clock, logger: logger, pollInterval: pollInterval)
        timers = TimerService(
            runs: storage.runs, runner: runner, clock: clock, sleeper: sleeper, alarm: alarm, logger: logger, pollInterval: pollInterval)
        dryRun = JourneyDryRun(triggers: triggers, loader: loader)
    }
}
