import Synchronization

/// The executor's inbox: the runner submits steps to perform, the executor takes them as the limits
/// of ``StepQueue`` allow. Submitting never waits, so deciding (dispatcher, timers) never waits on doing.
public final class StepJobs: Sendable {
    private let queue: Mutex<StepQueue>
    private let wake = WakeSignal()

    public init(maximumInFlight: Int = 64, maximumPerDestination: Int = 16) {
        queue = Mutex(StepQueue(maximumInFlight: maximumInFlight, maximumPerDestination: maximumPerDestination))
    }

    public func submit(_ job: StepJob) {
        if queue.withLock({ $0.enqueue(job) }) { wake.signal() }
    }

    /// The next job that may start, waiting for one; nil when the task is cancelled.
    func next() async -> StepJob? {
        while !Task.isCancelled {
            if let job = queue.withLock({ $0.take() }) { return job }
            await wake.wait()
        }
        return nil
    }

    /// The job's delivery is done; its destination may take the next one while its result is saved.
    func delivered(_ job: StepJob) {
        queue.withLock { $0.deliver(job) }
        wake.signal()
    }

    func finished(_ job: StepJob) {
        queue.withLock { $0.finish(job) }
        wake.signal()
    }

    /// The runs whose step is queued or being performed here, whose claims this node keeps renewing.
    var heldRunIds: [String] {
        queue.withLock { $0.heldRunIds }
    }

    /// Steps queued and steps being performed, for tests and metrics.
    public var counts: (queued: Int, inFlight: Int) {
        queue.withLock { ($0.queuedCount, $0.inFlightCount) }
    }
}
