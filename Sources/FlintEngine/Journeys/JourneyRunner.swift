import FlintCore
import Foundation
import Logging

/// Drives journey runs: feeds an input to the run's state machine, stores the result, and carries
/// out the action it asks for (perform a step, arm a timer) until the run waits or ends.
///
/// Two inputs for one run may race (a timer and a trigger); optimistic revisions make the loser
/// reload and apply its input to the winner's state.
public struct JourneyRunner: Sendable {
    private let runs: any RunStore
    private let customers: any CustomerStore
    private let catalog: JourneyCatalog
    private let triggers: TriggerCatalog
    private let performer: StepPerformer
    private let clock: any WallClock
    private let timers: TimerAlarm
    private let inserts: GroupCommit<StoredRun, Bool>
    private let saves: GroupCommit<RunSave, Bool>
    let awaited: AwaitedTriggers
    private let logger: Logger

    init(
        runs: any RunStore, customers: any CustomerStore, catalog: JourneyCatalog, triggers: TriggerCatalog,
        performer: StepPerformer, clock: any WallClock, timers: TimerAlarm, inserts: GroupCommit<StoredRun, Bool>, saves: GroupCommit<RunSave, Bool>, awaited: AwaitedTriggers,
        logger: Logger
    ) {
        self.inserts = inserts
        self.saves = saves
        self.awaited = awaited
        self.runs = runs
        self.customers = customers
        self.catalog = catalog
        self.triggers = triggers
        self.performer = performer
        self.clock = clock
        self.timers = timers
        self.logger = logger
    }

    /// Starts runs (unless a run with the same id exists) and drives each as far as it goes.
    ///
    /// Each run takes its first steps in memory and is stored already moved (one write, and nobody
    /// ever sees a run that has not started); a step it must perform happens after the store.
    public func start(_ newRuns: [StoredRun], of journey: LiveJourney, data: JourneyData, customerType: CustomerType) async throws {
        var started: [(StoredRun, RunAction)] = []
        for var stored in newRuns {
            let action = stored.run.handle(.start, program: journey.program, now: clock.now().millisecondsSince1970) { condition in
                let (holds, values) = condition.evaluateReportingValues(data, timeZone: journey.definition.calendarTimeZone)
                return ConditionOutcome(holds: holds, values: values)
            }
            started.append((stored, action))
        }
        let inserted = try await inserts.commit(started.map(\.0))
        await withTaskGroup(of: Void.self) { group in
            for ((stored, action), isNew) in zip(started, inserted) where isNew {
                switch action {
                case .perform(let stepId):
                    group.addTask {
                        let (result, record) = await self.performer.perform(
                            stepId: stepId, stored: stored, journey: journey, data: data, customerType: customerType)
                        if Task.isCancelled { return }
                        await self.drive(.stepFinished(stepId: stepId, result), send: record, runId: stored.run.id)
                    }
                case .wait(let request):
                    armed(request)
                case .finish, .ignore:
                    break
                }
            }
        }
    }

    private func armed(_ request: RunWaitRequest) {
        if let trigger = request.trigger { awaited.insert(trigger) }
        timers.armed(dueAt: request.dueAt)
    }

    /// Applies `input` to the run and follows up until the run waits, ends, or ignores it.
    public func apply(_ input: RunInput, to runId: String) async {
        await drive(input, send: nil, runId: runId)
    }

    /// The loop behind ``apply(_:to:)``: `send` is recorded with the first transition.
    private func drive(_ input: RunInput, send: SendRecord?, runId: String) async {
        var next: (input: RunInput, send: SendRecord?)? = (input, send)
        while let (input, send) = next {
            next = nil
            do {
                guard let (stored, action, journey, data, customerType) = try await transition(runId, input, send) else { return }
                switch action {
                case .perform(let stepId):
                    let (result, record) = await performer.perform(
                        stepId: stepId, stored: stored, journey: journey, data: data, customerType: customerType)
                    // Shutting down: leave the run performing; it is performed again after the restart.
                    if Task.isCancelled { return }
                    next = (.stepFinished(stepId: stepId, result), record)
                case .wait(let request):
                    armed(request)
                case .finish, .ignore:
                    break
                }
            } catch {
                logger.error("journey run failed to move", metadata: ["run": "\(runId)", "error": "\(error)"])
            }
        }
    }

    /// Loads, handles and saves, retrying on a revision conflict. Nil when the run is gone or ignored the input.
    private func transition(
        _ runId: String, _ input: RunInput, _ send: SendRecord?
    ) async throws -> (StoredRun, RunAction, LiveJourney, JourneyData, CustomerType)? {
        for _ in 0..<8 {
            guard let stored = try await runs.run(id: runId) else { return nil }
            let (journey, isLive, data, customerType) = try await context(of: stored)
            let effective = isLive || stored.run.status.isFinished ? input : .exit(reason: "the journey was stopped")
            let timeZone = journey.definition.calendarTimeZone
            var run = stored.run
            let action = run.handle(effective, program: journey.program, now: clock.now().millisecondsSince1970) { condition in
                let (holds, values) = condition.evaluateReportingValues(data, timeZone: timeZone)
                return ConditionOutcome(holds: holds, values: values)
            }
            if action == .ignore { return nil }
            let save = RunSave(run: run, expectedRevision: stored.revision, newTraceFrom: stored.run.trace.count, send: send)
            if try await saves.commit([save])[0] {
                return (StoredRun(run: run, revision: stored.revision + 1, entry: stored.entry), action, journey, data, customerType)
            }
        }
        throw FlintError.unavailable("run \(runId) kept changing under concurrent inputs")
    }

    /// The run's compiled version, whether its journey is live, and the data its conditions and templates read.
    private func context(of stored: StoredRun) async throws -> (LiveJourney, Bool, JourneyData, CustomerType) {
        let (journey, isLive) = try await catalog.program(journeyId: stored.run.journeyId, version: stored.run.version)
        let customerType = triggers.definition(named: journey.definition.trigger)?.customerType ?? .contact
        let customer = try await customers.customer(type: customerType, id: stored.run.authId)
        return (journey, isLive, JourneyData(trigger: stored.entry.attributes, customer: customer), customerType)
    }

    /// Performs again the steps that were being performed when Flint stopped (their sends carry the
    /// same idempotency keys, so receivers that honour them see each message once).
    public func resumeInterruptedRuns() async throws {
        for runId in try await runs.performingRunIds() {
            guard let stored = try await runs.run(id: runId), let stepId = stored.run.performing else { continue }
            let (journey, _, data, customerType) = try await context(of: stored)
            let (result, record) = await performer.perform(stepId: stepId, stored: stored, journey: journey, data: data, customerType: customerType)
            await drive(.stepFinished(stepId: stepId, result), send: record, runId: runId)
        }
    }
}
