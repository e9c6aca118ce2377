import Logging
import Synchronization

/// Says, at most once a minute, that requests refused by a limit per client came through a proxy
/// Flint does not trust: behind a load balancer missing from `FLINT_TRUSTED_PROXIES`, every browser
/// counts as one client, and the limit is everyone's.
final class UntrustedProxyWarning: Sendable {
    private let lastWarned = Mutex<ContinuousClock.Instant?>(nil)

    func refused(peer: String, logger: Logger) {
        let now = ContinuousClock.now
        let due = lastWarned.withLock { last -> Bool in
            if let last, now - last < .seconds(60) { return false }
            last = now
            return true
        }
        guard due else { return }
        logger.warning(
            "a limit per client refused requests that carry X-Forwarded-For from a proxy FLINT_TRUSTED_PROXIES does not name; every client behind it counts as one",
            metadata: ["proxy": "\(peer)"])
    }
}
