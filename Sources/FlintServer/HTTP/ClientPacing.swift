import FlintCore
import Synchronization

/// A ``ClientPacer`` shared by every request of the public routes, with the clocks it runs on.
final class ClientPacing: Sendable {
    private let pacer: Mutex<ClientPacer>
    let maximumDelay: Duration
    /// Seconds on a monotonic clock, for the buckets.
    private let now: @Sendable () -> Double
    /// Holds a paced request; tests inject one that does not really sleep.
    let sleeper: any Clock<Duration>

    init(
        ratePerClient: Double, burst: Double, maximumDelay: Double, sleeper: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Double = ClientPacing.monotonicSeconds
    ) {
        pacer = Mutex(ClientPacer(rate: ratePerClient, burst: burst, maximumDelay: maximumDelay))
        self.maximumDelay = .milliseconds(Int64(maximumDelay * 1000))
        self.now = now
        self.sleeper = sleeper
    }

    func admit(_ client: String) -> ClientPacer.Admission {
        let time = now()
        return pacer.withLock { $0.admit(client, now: time) }
    }

    @Sendable static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}
