import FlintCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Claims the events committed since it last looked and moves journeys: starts runs for live journeys
/// whose trigger fired, delivers events to runs waiting for them, and ends runs on exit triggers.
///
/// It wakes on commit (and, with several nodes on one store, when another node says it committed, and
/// on a slow poll in case that word is lost). Events are claimed from the store, so each is dispatched
/// by one node, and again after a crash before its claim completed; run ids are deterministic, so
/// dispatching an event twice starts nothing twice.
public final class Dispatcher: Service {
    private let eventLog: any EventLogReader
    private let runs: any RunStore
    private let loader: JourneyDataLoader
    private let customers: any CustomerStore
    private let catalog: JourneyCatalog
    private let triggers: TriggerCatalog
    private let runner: JourneyRunner
    private let wakeup: WakeSignal
    private let clock: any WallClock
    private let logger: Logger
    private let pageSize: Int
    private let pollInterval: Duration?

    /// - Parameter pollInterval: how often to look without being woken (nil: only when woken, as on
    ///   one node, where every commit is this process's own).
    public init(
        eventLog: any EventLogReader, runs: any RunStore, customers: any CustomerStore, loader: JourneyDataLoader, catalog: JourneyCatalog,
        triggers: TriggerCatalog, runner: JourneyRunner, wakeup: WakeSignal, clock: any WallClock, logger: Logger,
        pageSize: Int = 5000, pollInterval: Duration? = nil
    ) {
        self.eventLog = eventLog
        self.runs = runs
        self.loader = loader
        self.customers = customers
        self.catalog = catalog
        self.triggers = triggers
        self.runner = runner
        self.wakeup = wakeup
        self.clock = clock
        self.logger = logger
        self.pageSize = pageSize
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        runner.awaited.formUnion(try await runs.awaitedTriggers())
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await self.dispatchNextPage() {}
                } catch {
                    self.logger.error("dispatching events failed; retrying at the next commit", metadata: ["error": "\(error)"])
                }
                await self.wakeup.wait(atMost: self.pollInterval)
            }
        }
        try await eventLog.flush()
    }

    /// Whether other nodes write to the store too. What this node holds in memory (live journeys, awaited
    /// triggers, trigger definitions) may then be a moment behind, so it asks the store instead of
    /// trusting it before deciding that an event concerns no journey.
    private var sharesTheStore: Bool { pollInterval != nil }

    /// Claims and dispatches the next page of events (at most `pageSize`); true when there is more.
    func dispatchNextPage() async throws -> Bool {
        let interesting: Set<String>? = sharesTheStore ? nil : Self.combined(catalog.entryAndExitTriggers, runner.awaited.all)
        let claim = try await eventLog.claimEvents(of: interesting, limit: pageSize, now: clock.now().millisecondsSince1970)
        if sharesTheStore, !claim.events.isEmpty {
            try await catalog.reloadIfChanged()
            runner.awaited.formUnion(try await runs.awaitedTriggers())
            for name in Set(claim.events.map(\.trigger)) where triggers.definition(named: name) == nil {
                _ = try await triggers.lookUpIfUnknown(named: name)
            }
        }
        // One customer's events stay in order; different customers move concurrently.
        var byCustomer: [String: [AcceptedEvent]] = [:]
        for event in claim.events { byCustomer[event.authId, default: []].append(event) }
        let customers = try await customersStarting(claim.events)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for events in byCustomer.values {
                group.addTask {
                    for event in events { try await self.dispatch(event, customers: customers) }
                }
            }
            try await group.waitForAll()
        }
        try await eventLog.complete(claim)
        return claim.hasMore
    }

    /// `first` and `second` together, without building a new set when one holds the other (a claim is
    /// made after every commit, and the catalog's set holds every live journey's triggers).
    static func combined(_ first: Set<String>, _ second: Set<String>) -> Set<String> {
        let (larger, smaller) = first.count >= second.count ? (first, second) : (second, first)
        return smaller.isSubset(of: larger) ? larger : larger.union(smaller)
    }

    /// The customers of the events that may start runs, read together (one read for the page rather
    /// than one per event), by type and id. The page is read after its events committed, so these are
    /// the same values a read per event would see.
    private func customersStarting(_ events: [AcceptedEvent]) async throws -> CustomersRead {
        let at = clock.now().millisecondsSince1970
        var ids: [CustomerType: Set<String>] = [:]
        for event in events where !catalog.journeys(startedBy: event.trigger).isEmpty {
            ids[triggers.definition(named: event.trigger)?.customerType ?? .contact, default: []].insert(event.authId)
        }
        var read: [CustomerType: [String: Customer?]] = [:]
        for (type, idsOfType) in ids {
            let found = try await customers.customers(type: type, ids: idsOfType)
            // Every id read is kept, nil for one that does not exist, so "not there" is not read again.
            read[type] = Dictionary(uniqueKeysWithValues: idsOfType.map { ($0, found[$0]) })
        }
        return CustomersRead(byType: read, at: at)
    }

    /// Customers read for a page, and when (the runs they start hand that time on with their data,
    /// which the executor reads again once it is old).
    struct CustomersRead: Sendable {
        var byType: [CustomerType: [String: Customer?]] = [:]
        var at: Int64 = 0
    }

    /// Exit first, then waiting runs, then new runs: an event never resumes the run it starts.
    /// `customers` holds what ``customersStarting(_:)`` read; a customer missing from it is read now.
    func dispatch(_ event: AcceptedEvent, customers known: CustomersRead = CustomersRead()) async throws {
        let exiting = catalog.journeyIds(exitedBy: event.trigger)
        if !exiting.isEmpty {
            for runId in try await runs.unfinishedRunIds(journeyIds: exiting, authId: event.authId) {
                await runner.apply(.exit(reason: "the exit trigger \(event.trigger) arrived"), to: runId)
            }
        }
        if runner.awaited.contains(event.trigger) {
            // A message built-in (a click, an open) is about one run's own message: only that run matches it.
            let sentBy = BuiltinTriggers.messageTriggers.contains(event.trigger)
                ? event.attributes["messageId"]?.stringValue?.split(separator: ":").first.map(String.init) : nil
            for runId in try await runs.runIds(waitingFor: event.trigger, authId: event.authId) {
                await runner.apply(.triggerArrived(trigger: event.trigger, bindingId: event.bindingId, sentBy: sentBy), to: runId)
            }
        }
        let candidates = catalog.journeys(startedBy: event.trigger).filter { event.receivedAt >= $0.liveSince }
        guard !candidates.isEmpty else { return }
        let customerType = triggers.definition(named: event.trigger)?.customerType ?? .contact
        let customer: Customer?
        let readAt: Int64
        if let read = known.byType[customerType]?[event.authId] {
            (customer, readAt) = (read, known.at)
        } else {
            readAt = clock.now().millisecondsSince1970
            customer = try await customers.customer(type: customerType, id: event.authId)
        }
        // Each journey's run is its own; they start together, so one journey never waits for another's
        // commit (run inserts share the store's group commit with ingestion). The next event of this customer waits for all of them.
        if candidates.count == 1 {
            try await start(candidates[0], for: event, customer: customer, customerType: customerType, readAt: readAt)
        } else {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for journey in candidates {
                    group.addTask {
                        try await self.start(journey, for: event, customer: customer, customerType: customerType, readAt: readAt)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Starts `journey` for `event` if its entry condition and re-entry rule let it; `customer` was read at `readAt`.
    private func start(
        _ journey: LiveJourney, for event: AcceptedEvent, customer: Customer?, customerType: CustomerType, readAt: Int64
    ) async throws {
        let data = try await loader.data(for: journey, attributes: event.attributes, authId: event.authId, customer: .some(customer))
        guard try await mayEnter(journey, event: event, data: data) else { return }
        let run = JourneyRun(
            id: RunIdentity.runId(
                journeyId: journey.id, version: journey.version, authId: event.authId, messageId: event.messageId,
                receivedAt: event.receivedAt),
            journeyId: journey.id, version: journey.version, authId: event.authId, bindingId: event.bindingId,
            startedAt: event.receivedAt)
        let entry = RunEntry(
            messageId: event.messageId, attributes: event.attributes, contactpointEmail: event.contactpointEmail,
            contactpointPhone: event.contactpointPhone)
        try await runner.start(
            [StoredRun(run: run, revision: 0, entry: entry)], of: journey, data: data, customerType: customerType, dataReadAt: readAt)
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
