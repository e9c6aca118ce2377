import FlintCore
import Logging
import ServiceLifecycle

/// The journey side of Flint, assembled: the runner, the dispatcher that feeds it from the event
/// log, the timer service, and the dry run.
public struct JourneyEngine: Sendable {
    public let runner: JourneyRunner
    public let dispatcher: Dispatcher
    public let timers: TimerService
    public let dryRun: JourneyDryRun
    /// Group commits for runs: runs started, and runs moved, by concurrent inputs share transactions.
    let runInserts: GroupCommit<StoredRun, Bool>
    let runSaves: GroupCommit<RunSave, Bool>

    /// The long-running parts, in start order (they stop in reverse).
    public var services: [any Service] { [runInserts, runSaves, dispatcher, timers] }

    /// - Parameters:
    ///   - dispatchSignal: signalled after each commit that appended events.
    ///   - sleeper: the clock waits and retries sleep on; tests pass a fast one.
    public init(
        storage: Storage, catalog: JourneyCatalog, triggers: TriggerCatalog, ingestor: Ingestor, channels: JourneyChannels,
        dispatchSignal: WakeSignal, clock: any WallClock, sleeper: any Clock<Duration>, logger: Logger
    ) {
        let alarm = TimerAlarm()
        let runStore = storage.runs
        runInserts = GroupCommit(logger: logger) { runs in
            let inserted = try await runStore.insert(runs)
            return runs.map { inserted.contains($0.run.id) }
        }
        runSaves = GroupCommit(logger: logger) { saves in try await runStore.saveAll(saves) }
        let performer = StepPerformer(
            runs: storage.runs, channels: channels, activator: TriggerActivator(ingestor: ingestor, triggers: triggers), clock: clock,
            sleeper: sleeper)
        runner = JourneyRunner(
            runs: storage.runs, customers: storage.customers, catalog: catalog, triggers: triggers, performer: performer, clock: clock,
            timers: alarm, inserts: runInserts, saves: runSaves, awaited: AwaitedTriggers(), logger: logger)
        dispatcher = Dispatcher(
            eventLog: storage.eventLog, runs: storage.runs, customers: storage.customers, catalog: catalog, triggers: triggers,
            runner: runner, wakeup: dispatchSignal, logger: logger)
        timers = TimerService(runs: storage.runs, runner: runner, clock: clock, sleeper: sleeper, alarm: alarm, logger: logger)
        dryRun = JourneyDryRun(triggers: triggers, customers: storage.customers)
    }
}
