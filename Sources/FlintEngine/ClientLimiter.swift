import FlintCore
import Synchronization

/// A token bucket per client address that refuses at once (no holding): within `rate` a second and
/// bursts of `burst` a request goes through, past them it is told how long to wait. Remembers at most
/// `maximumClients` clients, forgetting those whose bucket is full again first.
public final class ClientLimiter: Sendable {
    private let pacer: Mutex<ClientPacer>
    private let now: @Sendable () -> Double

    public init(rate: Double, burst: Double, maximumClients: Int = 100_000, now: @escaping @Sendable () -> Double = ClientLimiter.monotonicSeconds) {
        pacer = Mutex(ClientPacer(rate: rate, burst: burst, maximumDelay: 0, maximumClients: maximumClients))
        self.now = now
    }

    /// Takes a token for `client`: nil when it may go ahead, else the whole seconds to wait.
    public func take(_ client: String) -> Int? {
        let time = now()
        switch pacer.withLock({ $0.admit(client, now: time) }) {
        case .now: return nil
        case .after(let seconds): return max(1, Int(seconds.rounded(.up)))
        case .refused(let retryAfter): return retryAfter
        }
    }

    /// Whether any client has a bucket (one that never needed a token has none).
    public var hasClients: Bool { pacer.withLock { $0.clientCount > 0 } }

    /// Whether `client` has no token left; nothing is taken.
    public func isExhausted(_ client: String) -> Bool {
        let time = now()
        return pacer.withLock { $0.isExhausted(client, now: time) }
    }

    @Sendable public static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}
