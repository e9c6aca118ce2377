import Synchronization

/// Connects runs that arm timers with the timer service that sleeps until the earliest one:
/// arming a timer wakes the service only when it is earlier than what the service sleeps until.
public final class TimerAlarm: Sendable {
    private let sleepingUntil = Mutex<Int64?>(nil)
    let signal = WakeSignal()

    public init() {}

    /// A run armed a timer due at `dueAt` (milliseconds since 1970).
    public func armed(dueAt: Int64) {
        let earlier = sleepingUntil.withLock { until -> Bool in
            guard let current = until else { return true }
            if dueAt < current {
                until = dueAt
                return true
            }
            return false
        }
        if earlier { signal.signal() }
    }

    /// The service is about to sleep until `dueAt` (nil: until something is armed).
    func sleeping(until dueAt: Int64?) {
        sleepingUntil.withLock { $0 = dueAt }
    }
}
