/// One of a journey's counters: a run total (`step` empty) or a step's count.
public struct JourneyCounter: Hashable, Comparable, Sendable {
    public enum Name: String, Sendable, CaseIterable {
        // Run totals.
        case entered, completed, exited
        /// A run total (runs ended by a failed step) or a step's count (failed attempts), by `step`.
        case failed
        // Step counts.
        case reached, sent, skipped, opens, uniqueOpens, clicks, uniqueClicks
    }

    public var journeyId: String
    /// The step's id; empty for the journey's run totals.
    public var step: String
    public var name: Name

    public init(journeyId: String, step: String, name: Name) {
        self.journeyId = journeyId
        self.step = step
        self.name = name
    }

    /// Keys in one order, so concurrent commits lock counter rows in the same order and never deadlock.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.journeyId, lhs.step, lhs.name.rawValue) < (rhs.journeyId, rhs.step, rhs.name.rawValue)
    }
}

/// What one commit adds to journey counters. The counters are kept as runs move, so a journey's stats
/// read a few rows however many runs lie behind it, and stay right when old traces are pruned.
///
/// The store counts only what it wrote: a run it inserted, a save whose revision matched, a tracked
/// open or click of a journey that still exists.
public struct JourneyCounterChanges: Sendable, Equatable {
    public private(set) var amounts: [JourneyCounter: Int] = [:]

    public init() {}

    public var isEmpty: Bool { amounts.isEmpty }

    /// The changes in key order (see ``JourneyCounter/<(_:_:)``).
    public var sorted: [(counter: JourneyCounter, amount: Int)] {
        amounts.sorted { $0.key < $1.key }.map { (counter: $0.key, amount: $0.value) }
    }

    /// A run stored for the first time, with the trace of its first steps.
    public mutating func countStart(of run: JourneyRun) {
        add(run.journeyId, "", .entered)
        countStatus(run.status, from: nil, journeyId: run.journeyId)
        countTrace(of: run, from: 0)
    }

    /// A run saved over the revision it was loaded at, whose status then was `previousStatus`.
    public mutating func countSave(of run: JourneyRun, previousStatus: JourneyRun.Status, newTraceFrom: Int) {
        countStatus(run.status, from: previousStatus, journeyId: run.journeyId)
        countTrace(of: run, from: newTraceFrom)
    }

    /// An open (`link` nil) or click counted `count` times; `firstForMessage` when the message had no open
    /// (or, for a click, no click on any of its links) before.
    public mutating func countTracking(_ tracking: TrackingCommit, firstForMessage: Bool) {
        let isClick = tracking.link != nil
        add(tracking.journeyId, tracking.stepId, isClick ? .clicks : .opens, tracking.count)
        if firstForMessage { add(tracking.journeyId, tracking.stepId, isClick ? .uniqueClicks : .uniqueOpens) }
    }

    private mutating func countStatus(_ status: JourneyRun.Status, from previous: JourneyRun.Status?, journeyId: String) {
        guard status != previous else { return }
        switch status {
        case .completed: add(journeyId, "", .completed)
        case .exited: add(journeyId, "", .exited)
        case .failed: add(journeyId, "", .failed)
        case .active, .waiting: break
        }
    }

    /// A step is reached by a run once, on its first trace entry; `sent`, `failed` and `skipped` count entries.
    private mutating func countTrace(of run: JourneyRun, from start: Int) {
        guard start < run.trace.count else { return }
        var seen = Set(run.trace[..<max(start, 0)].compactMap(\.step))
        for entry in run.trace[max(start, 0)...] {
            guard let step = entry.step else { continue }
            if seen.insert(step).inserted { add(run.journeyId, step, .reached) }
            switch entry.outcome {
            case .sent: add(run.journeyId, step, .sent)
            case .failed: add(run.journeyId, step, .failed)
            case .skipped: add(run.journeyId, step, .skipped)
            default: break
            }
        }
    }

    private mutating func add(_ journeyId: String, _ step: String, _ name: JourneyCounter.Name, _ amount: Int = 1) {
        amounts[JourneyCounter(journeyId: journeyId, step: step, name: name), default: 0] += amount
    }
}

extension JourneyStats {
    /// The stats of one journey from its stored counters; names a store does not know are skipped.
    public init(counters: [(step: String, name: String, count: Int)]) {
        self.init()
        for (step, name, count) in counters {
            guard let name = JourneyCounter.Name(rawValue: name) else { continue }
            if step.isEmpty {
                switch name {
                case .entered: entered = count
                case .completed: completed = count
                case .exited: exited = count
                case .failed: failed = count
                default: break
                }
                continue
            }
            var counts = steps[step, default: StepCounts()]
            switch name {
            case .reached: counts.reached = count
            case .sent: counts.sent = count
            case .failed: counts.failed = count
            case .skipped: counts.skipped = count
            case .opens: counts.opens = count
            case .uniqueOpens: counts.uniqueOpens = count
            case .clicks: counts.clicks = count
            case .uniqueClicks: counts.uniqueClicks = count
            case .entered, .completed, .exited: continue
            }
            steps[step] = counts
        }
    }
}
