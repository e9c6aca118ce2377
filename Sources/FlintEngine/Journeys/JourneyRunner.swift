import FlintCore
import Foundation
import Logging

/// Drives journey runs: feeds an input to the run's state machine, stores the result, and carries
/// out what it asks for: arms a timer, or hands a step to the executor (``StepJobs``), never waiting
/// for a send itself, so the dispatcher and the timers only decide and record.
///
/// Two inputs for one run may race (a timer and a trigger); optimistic revisions make the loser
/// reload and apply its input to the winner's state. A run that cannot be moved at all is tried again
/// with growing delays and ends `failed` after ``maximumMoveAttempts``, the reason in its trace.
public struct JourneyRunner: Sendable {
    /// How often a run that keeps failing to move is tried before it is abandoned.
    static let maximumMoveAttempts = 5
    private let runs: any RunStore
    private let loader: JourneyDataLoader
    private let catalog: JourneyCatalog
    private let triggers: TriggerCatalog
    private let performer: StepPerformer
    private let jobs: StepJobs
    private let clock: any WallClock
    private let timers: TimerAlarm
    /// Runs are written in the store's group commit, in the same transactions as ingestion's writes.
    private let committer: GroupCommitter
    private let failures = RunFailures()
    /// The states saved runs were in when their steps went to the executor (one node only).
    private let handedOver: HandedOverRuns
    let awaited: AwaitedTriggers
    private let logger: Logger

    init(
        runs: any RunStore, loader: JourneyDataLoader, catalog: JourneyCatalog, triggers: TriggerCatalog, performer: StepPerformer,
        jobs: StepJobs, clock: any WallClock, timers: TimerAlarm, committer: GroupCommitter,
        awaited: AwaitedTriggers, movesRunsAlone: Bool, logger: Logger
    ) {
        self.runs = runs
        self.loader = loader
        self.catalog = catalog
        self.triggers = triggers
        self.performer = performer
        self.jobs = jobs
        self.clock = clock
        self.timers = timers
        self.committer = committer
        self.awaited = awaited
        handedOver = HandedOverRuns(isEnabled: movesRunsAlone)
        self.logger = logger
    }

    /// Starts runs (unless a run with the same id exists) and moves each as far as it goes.
    ///
    /// Each run takes its first steps in memory and is stored already moved (one write, and nobody
    /// ever sees a run that has not started); a step it must perform goes to the executor after the store.
    /// `dataReadAt`: when `data` was read (its oldest part), which the executor reads again once it is old.
    public func start(
        _ newRuns: [StoredRun], of journey: LiveJourney, data: JourneyData, customerType: CustomerType, dataReadAt: Int64
    ) async throws {
        var started: [(StoredRun, RunAction, HandedOverRuns.Ticket?)] = []
        let now = clock.now().millisecondsSince1970
        let context = RunContext(journey: journey, isLive: true, data: data, customerType: customerType, loadedAt: dataReadAt)
        for var stored in newRuns {
            let action = stored.run.handle(.start, program: journey.program, now: now) { condition in
                Self.outcome(of: condition, data: data, timeZone: journey.definition.calendarTimeZone)
            }
            started.append((stored, action, handedOver.prepare(stored.run.id, next: (stored, context), now: now)))
        }
        let outcomes: [IngestionOutcome]
        do {
            outcomes = try await committer.commit(started.map { .runStart($0.0) })
            guard outcomes.count == started.count else {
                throw FlintError(.internalError, "The store answered \(outcomes.count) of \(started.count) run starts")
            }
        } catch {
            for (_, _, ticket) in started { handedOver.settle(ticket, saved: false) }
            throw error
        }
        for ((stored, action, ticket), outcome) in zip(started, outcomes) {
            handedOver.settle(ticket, saved: outcome == .started)
            if outcome == .started { follow(action, runId: stored.run.id, journey: journey) }
        }
    }

    /// Applies `input` to the run and records what follows.
    public func apply(_ input: RunInput, to runId: String) async {
        await drive(input, outcome: nil, runId: runId)
    }

    /// Performs a step the executor took: the run must still be performing it.
    func perform(_ job: StepJob) async {
        do {
            let stored: StoredRun
            var context: RunContext
            var isHandedOver = false
            if let handed = handedOver.take(job) {
                // Saved by this runner and not moved since: no read of the run or its send. Its data is read
                // again when old, and for a message, whose consent and address must be the customer's now;
                // whether its journey is still live is asked now in any case.
                (stored, context, isHandedOver) = (handed.stored, handed.context, true)
                if Self.sendsAMessage(job.stepId, in: context.journey) || handedOver.isStale(handed, now: clock.now().millisecondsSince1970) {
                    context = try await self.context(of: stored)
                } else {
                    context.isLive = catalog.isLive(journeyId: stored.run.journeyId)
                }
            } else {
                guard let current = try await runs.run(id: job.runId), current.run.performing == job.stepId else { return }
                (stored, context) = (current, try await self.context(of: current))
            }
            guard context.isLive else {
                // Stopped while the step waited in the queue: nothing goes out, and the run ends as exited.
                jobs.delivered(job)
                await drive(.exit(reason: "the journey was stopped"), outcome: nil, runId: job.runId, loaded: (stored, context))
                return
            }
            let outcome = await performer.perform(
                stepId: job.stepId, stored: stored, journey: context.journey, data: context.data, customerType: context.customerType,
                mayHaveBeenSent: !isHandedOver)
            // The destination has answered: it may take its next step while this result is committed
            // (a commit waits for fsync; holding the destination's slot through it capped throughput).
            jobs.delivered(job)
            // Shutting down: leave the run performing; it is performed again after the restart.
            if Task.isCancelled { return }
            // The run and its data as just read: the result is applied to them without reading them again,
            // unless another input moved the run meanwhile (the save's revision check then reloads).
            await drive(.stepFinished(stepId: job.stepId, outcome.result), outcome: outcome, runId: job.runId, loaded: (stored, context))
        } catch {
            await couldNotMove(job.runId, error: error)
        }
    }

    /// Whether `stepId` sends an email or an SMS (which reads the customer's consent and address).
    private static func sendsAMessage(_ stepId: String, in journey: LiveJourney) -> Bool {
        switch journey.program.steps[stepId]?.kind {
        case .email, .sms: true
        default: false
        }
    }

    /// Keeps this node's claims on the runs whose steps it holds (queued or being performed).
    public func renewHeldClaims() async throws {
        try await runs.renewClaims(runIds: jobs.heldRunIds, at: clock.now().millisecondsSince1970)
    }

    /// Hands the steps that were being performed when Flint stopped to the executor again (their sends
    /// carry the same idempotency keys, so receivers that honour them see each message once).
    public func resumeInterruptedRuns() async throws {
        for runId in try await runs.performingRunIds(at: clock.now().millisecondsSince1970) {
            guard let stored = try await runs.run(id: runId), let stepId = stored.run.performing else { continue }
            let (journey, _) = try await catalog.program(journeyId: stored.run.journeyId, version: stored.run.version)
            submit(runId: runId, stepId: stepId, journey: journey)
        }
    }

    /// Applies `input`; `outcome` (a performed step's) brings the send and events to store with the result.
    private func drive(_ input: RunInput, outcome: StepOutcome?, runId: String, loaded: (StoredRun, RunContext)? = nil) async {
        do {
            guard let (stored, action, journey) = try await transition(runId, input, outcome, loaded: loaded) else { return }
            failures.clear(runId)
            follow(action, runId: stored.run.id, journey: journey)
        } catch {
            await couldNotMove(runId, error: error)
        }
    }

    private func follow(_ action: RunAction, runId: String, journey: LiveJourney) {
        switch action {
        case .perform(let stepId):
            submit(runId: runId, stepId: stepId, journey: journey)
        case .wait(let request):
            if let trigger = request.trigger { awaited.insert(trigger) }
            timers.armed(dueAt: request.dueAt)
        case .finish, .ignore:
            break
        }
    }

    private func submit(runId: String, stepId: String, journey: LiveJourney) {
        let destination = journey.program.steps[stepId].map(StepPerformer.destination(of:)) ?? "run"
        jobs.submit(StepJob(runId: runId, stepId: stepId, destination: destination))
    }

    /// Loads, handles and saves, retrying on a revision conflict. Nil when the run is gone or ignored the input.
    private func transition(
        _ runId: String, _ input: RunInput, _ outcome: StepOutcome?, loaded: (StoredRun, RunContext)?
    ) async throws -> (StoredRun, RunAction, LiveJourney)? {
        var preloaded = loaded
        for _ in 0..<8 {
            let stored: StoredRun
            let context: RunContext
            if let (knownRun, knownContext) = preloaded {
                (stored, context) = (knownRun, knownContext)
                preloaded = nil
            } else {
                guard let current = try await runs.run(id: runId) else { return nil }
                (stored, context) = (current, try await self.context(of: current))
            }
            let (journey, isLive, data) = (context.journey, context.isLive, context.data)
            let effective = isLive || stored.run.status.isFinished ? input : .exit(reason: "the journey was stopped")
            let timeZone = journey.definition.calendarTimeZone
            var run = stored.run
            let action = run.handle(effective, program: journey.program, now: clock.now().millisecondsSince1970) { condition in
                Self.outcome(of: condition, data: data, timeZone: timeZone)
            }
            if action == .ignore { return nil }
            let save = RunSave(
                run: run, expectedRevision: stored.revision, previousStatus: stored.run.status, newTraceFrom: stored.run.trace.count, send: outcome?.send,
                events: Self.events(of: outcome, action: action, run: run, now: clock.now().millisecondsSince1970))
            let next = StoredRun(run: run, revision: stored.revision + 1, entry: stored.entry)
            if try await self.save(save, handing: (next, context)) {
                return (next, action, journey)
            }
        }
        throw FlintError.unavailable("run \(runId) kept changing under concurrent inputs")
    }

    /// Saves a moved run through the group commit; false when another revision was stored first.
    /// `next`: the state being saved and its context, handed to the executor if the run performs a step.
    private func save(_ save: RunSave, handing next: (StoredRun, RunContext)? = nil) async throws -> Bool {
        let ticket = handedOver.prepare(save.run.id, next: next, now: clock.now().millisecondsSince1970)
        do {
            let saved = if case .saved = try await committer.commit([.runSave(save)])[0] { true } else { false }
            handedOver.settle(ticket, saved: saved)
            return saved
        } catch {
            handedOver.settle(ticket, saved: false)
            throw error
        }
    }

    /// A condition's outcome with the values it read; records that were not found are named, so the
    /// trace says why a branch was not taken.
    static func outcome(of condition: Condition, data: JourneyData, timeZone: TimeZone) -> ConditionOutcome {
        var (holds, values) = condition.evaluateReportingValues(data, timeZone: timeZone)
        if !data.missingRecords.isEmpty {
            values["records not found"] = .string(data.missingRecords.joined(separator: ", "))
        }
        return ConditionOutcome(holds: holds, values: values)
    }

    /// What a transition emits: the step's own events, `email_sent` / `sms_sent` for a recorded send,
    /// and `journey_completed` when the run reached its end.
    static func events(of outcome: StepOutcome?, action: RunAction, run: JourneyRun, now: Int64) -> [AcceptedEvent] {
        var events = outcome?.events ?? []
        if let send = outcome?.send, let sent = BuiltinEvents.messageSent(send) { events.append(sent) }
        if action == .finish(.completed) {
            events.append(BuiltinEvents.journeyCompleted(runId: run.id, journeyId: run.journeyId, authId: run.authId, at: now))
        }
        return events
    }

    /// What a run's transitions and steps work with: its compiled version, whether its journey is live,
    /// the data its conditions and templates read, and its customer type.
    struct RunContext: Sendable {
        var journey: LiveJourney
        var isLive: Bool
        var data: JourneyData
        var customerType: CustomerType
        /// When `data` was read (milliseconds since 1970).
        var loadedAt: Int64
    }

    private func context(of stored: StoredRun) async throws -> RunContext {
        let (journey, isLive) = try await catalog.program(journeyId: stored.run.journeyId, version: stored.run.version)
        let customerType = triggers.definition(named: journey.definition.trigger)?.customerType ?? .contact
        let loadedAt = clock.now().millisecondsSince1970
        let data = try await loader.data(for: journey, attributes: stored.entry.attributes, authId: stored.run.authId)
        return RunContext(journey: journey, isLive: isLive, data: data, customerType: customerType, loadedAt: loadedAt)
    }

    /// A run that could not be moved (its version or its data cannot be read, the store failed) is put
    /// off durably, 2, 4, 8, 16 s, and abandoned as `failed` after ``maximumMoveAttempts``: never retried
    /// in a tight loop. When even that cannot be written, the timer service's own backoff applies.
    private func couldNotMove(_ runId: String, error: any Error) async {
        let count = failures.record(runId)
        logger.error("journey run could not be moved", metadata: ["run": "\(runId)", "attempt": "\(count)", "error": "\(error)"])
        do {
            guard let stored = try await runs.run(id: runId) else { return }
            var run = stored.run
            let now = clock.now().millisecondsSince1970
            let reason = "\(error)"
            if count >= Self.maximumMoveAttempts {
                guard run.abandon(reason: "gave up after \(count) attempts to move the run: \(reason)", now: now) else { return }
                _ = try await save(RunSave(run: run, expectedRevision: stored.revision, previousStatus: stored.run.status, newTraceFrom: stored.run.trace.count, send: nil))
                failures.clear(runId)
                return
            }
            let dueAt = now + (Int64(1) << count) * 1000
            switch run.status {
            case .waiting:
                _ = try await runs.postpone(runId: runId, revision: stored.revision, until: dueAt)
                timers.armed(dueAt: dueAt)
            case .active where run.deferStep(error: reason, until: dueAt, now: now):
                _ = try await save(RunSave(run: run, expectedRevision: stored.revision, previousStatus: stored.run.status, newTraceFrom: stored.run.trace.count, send: nil))
                timers.armed(dueAt: dueAt)
            default:
                break
            }
        } catch {
            logger.error("journey run could not be put off either", metadata: ["run": "\(runId)", "error": "\(error)"])
        }
    }
}
