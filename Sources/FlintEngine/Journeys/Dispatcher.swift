import FlintCore
import Foundation
import Logging
import ServiceLifecycle

/// Reads the event log after each commit and moves journeys: starts runs for live journeys whose
/// trigger fired, delivers events to runs waiting for them, and ends runs on exit triggers.
///
/// It wakes on commit (never on a polling timer) and keeps a durable cursor into the log, so events
/// committed just before a crash are dispatched after the restart; run ids are deterministic, so
/// dispatching an event twice starts nothing twice.
public final class Dispatcher: Service {
    private let eventLog: any EventLogReader
    private let runs: any RunStore
    private let customers: any CustomerStore
    private let catalog: JourneyCatalog
    private let triggers: TriggerCatalog
    private let runner: JourneyRunner
    private let wakeup: WakeSignal
    private let logger: Logger
    private let pageSize: Int

    public init(
        eventLog: any EventLogReader, runs: any RunStore, customers: any CustomerStore, catalog: JourneyCatalog,
        triggers: TriggerCatalog, runner: JourneyRunner, wakeup: WakeSignal, logger: Logger, pageSize: Int = 500
    ) {
        self.eventLog = eventLog
        self.runs = runs
        self.customers = customers
        self.catalog = catalog
        self.triggers = triggers
        self.runner = runner
        self.wakeup = wakeup
        self.logger = logger
        self.pageSize = pageSize
    }

    public func run() async throws {
        try await runner.resumeInterruptedRuns()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await self.dispatchNextPage() {}
                } catch {
                    self.logger.error("dispatching events failed; retrying at the next commit", metadata: ["error": "\(error)"])
                }
                await self.wakeup.wait()
            }
        }
    }

    /// Dispatches the next page of the log; true when there may be more.
    func dispatchNextPage() async throws -> Bool {
        let cursor = try await eventLog.dispatchCursor()
        let page = try await eventLog.events(after: cursor, limit: pageSize)
        guard let last = page.last else { return false }
        // One customer's events stay in order; different customers move concurrently.
        var byCustomer: [String: [AcceptedEvent]] = [:]
        for (_, event) in page { byCustomer[event.authId, default: []].append(event) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for events in byCustomer.values {
                group.addTask {
                    for event in events { try await self.dispatch(event) }
                }
            }
            try await group.waitForAll()
        }
        try await eventLog.setDispatchCursor(last.sequence)
        return page.count == pageSize
    }

    /// Exit first, then waiting runs, then new runs: an event never resumes the run it starts.
    func dispatch(_ event: AcceptedEvent) async throws {
        let exiting = catalog.journeyIds(exitedBy: event.trigger)
        if !exiting.isEmpty {
            for runId in try await runs.unfinishedRunIds(journeyIds: exiting, authId: event.authId) {
                await runner.apply(.exit(reason: "the exit trigger \(event.trigger) arrived"), to: runId)
            }
        }
        for runId in try await runs.runIds(waitingFor: event.trigger, authId: event.authId) {
            await runner.apply(.triggerArrived(trigger: event.trigger, bindingId: event.bindingId), to: runId)
        }
        let candidates = catalog.journeys(startedBy: event.trigger).filter { event.receivedAt >= $0.liveSince }
        guard !candidates.isEmpty else { return }
        let customerType = triggers.definition(named: event.trigger)?.customerType ?? .contact
        let customer = try await customers.customer(type: customerType, id: event.authId)
        let data = JourneyData(trigger: event.attributes, customer: customer)
        for journey in candidates where try await mayEnter(journey, event: event, data: data) {
            let run = JourneyRun(
                id: RunIdentity.runId(journeyId: journey.id, version: journey.version, authId: event.authId, messageId: event.messageId),
                journeyId: journey.id, version: journey.version, authId: event.authId, bindingId: event.bindingId,
                startedAt: event.receivedAt)
            let entry = RunEntry(
                messageId: event.messageId, attributes: event.attributes, contactpointEmail: event.contactpointEmail,
                contactpointPhone: event.contactpointPhone)
            try await runner.start([StoredRun(run: run, revision: 0, entry: entry)], of: journey, data: data, customerType: customerType)
        }
    }

    /// The entry condition and the re-entry rule.
    private func mayEnter(_ journey: LiveJourney, event: AcceptedEvent, data: JourneyData) async throws -> Bool {
        if let condition = journey.definition.entryCondition {
            let timeZone = journey.definition.calendarTimeZone
            guard condition.evaluate(data, timeZone: timeZone) else { return false }
        }
        switch journey.definition.reentry {
        case .always:
            return true
        case .never:
            return try await runs.latestStart(journeyId: journey.id, authId: event.authId) == nil
        case .after(let duration):
            guard let latest = try await runs.latestStart(journeyId: journey.id, authId: event.authId) else { return true }
            return event.receivedAt - latest >= duration.seconds * 1000
        }
    }
}
