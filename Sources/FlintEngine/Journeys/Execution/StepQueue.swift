/// Which step to perform next: the executor's scheduling decisions, kept pure so they can be tested.
///
/// At most `maximumInFlight` steps are performed at once, and at most `maximumPerDestination` of them
/// reach the same destination; a destination at its limit keeps its jobs queued without holding up
/// the others, which are taken in turn (round robin), each destination's jobs in submission order.
struct StepQueue {
    let maximumInFlight: Int
    let maximumPerDestination: Int
    private var waiting: [String: Line] = [:]
    /// Destinations with queued jobs, in the order they are served.
    private var rotation: [String] = []
    private var inFlight: [String: Int] = [:]
    private(set) var inFlightCount = 0
    /// Jobs queued or in flight: the same step of the same run submitted again (a resume racing the
    /// first submission) is dropped.
    private var known: Set<StepJob> = []
    /// Jobs in flight whose delivery is done (their result is being saved): they no longer count
    /// against their destination, only against `maximumInFlight`.
    private var delivered: Set<StepJob> = []

    /// The runs whose step is queued or being performed here.
    var heldRunIds: [String] { known.map(\.runId) }

    init(maximumInFlight: Int, maximumPerDestination: Int) {
        self.maximumInFlight = max(1, maximumInFlight)
        self.maximumPerDestination = max(1, min(maximumPerDestination, maximumInFlight))
    }

    var queuedCount: Int { waiting.values.reduce(0) { $0 + $1.count } }

    /// One destination's queued jobs, first in first out: taking one is O(1) however long the line
    /// (a hanging destination's line grows by every job it cannot take).
    private struct Line {
        private var jobs: [StepJob] = []
        private var head = 0

        var isEmpty: Bool { head == jobs.count }
        var count: Int { jobs.count - head }

        mutating func append(_ job: StepJob) { jobs.append(job) }

        mutating func removeFirst() -> StepJob {
            let job = jobs[head]
            head += 1
            // Compact once the taken half outweighs the rest, so the storage stays proportional to the line.
            if head >= 64, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    /// Queues `job`; false when the same job is already queued or in flight.
    @discardableResult
    mutating func enqueue(_ job: StepJob) -> Bool {
        guard known.insert(job).inserted else { return false }
        if waiting[job.destination]?.isEmpty ?? true, !rotation.contains(job.destination) { rotation.append(job.destination) }
        waiting[job.destination, default: Line()].append(job)
        return true
    }

    /// The next job that may start now, marked in flight; nil when none may.
    mutating func take() -> StepJob? {
        guard inFlightCount < maximumInFlight else { return nil }
        for index in rotation.indices {
            let destination = rotation[index]
            guard inFlight[destination, default: 0] < maximumPerDestination, !(waiting[destination]?.isEmpty ?? true) else { continue }
            // Taken in place: a copy of the line held here would make its first change copy it whole.
            guard let job = waiting[destination]?.removeFirst() else { continue }
            let isEmptied = waiting[destination]?.isEmpty ?? true
            if isEmptied { waiting[destination] = nil }
            rotation.remove(at: index)
            if !isEmptied { rotation.append(destination) }
            inFlight[destination, default: 0] += 1
            inFlightCount += 1
            return job
        }
        return nil
    }

    /// A job in flight has reached its destination and is only saving its result: the destination
    /// may take its next job, while this one still counts against `maximumInFlight` until it finishes.
    mutating func deliver(_ job: StepJob) {
        guard known.contains(job), delivered.insert(job).inserted else { return }
        releaseDestination(of: job)
    }

    /// A job taken earlier has ended (performed and saved, or abandoned at shutdown).
    mutating func finish(_ job: StepJob) {
        known.remove(job)
        inFlightCount -= 1
        if delivered.remove(job) == nil { releaseDestination(of: job) }
    }

    private mutating func releaseDestination(of job: StepJob) {
        let left = inFlight[job.destination, default: 1] - 1
        inFlight[job.destination] = left > 0 ? left : nil
        if !(waiting[job.destination]?.isEmpty ?? true), !rotation.contains(job.destination) { rotation.append(job.destination) }
    }
}
