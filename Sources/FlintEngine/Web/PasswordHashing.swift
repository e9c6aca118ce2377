import Dispatch
import FlintCore
import Foundation
import Synchronization

/// Runs bcrypt off the event loops, at most `limit` hashes at a time, with a bounded line behind them.
///
/// bcrypt is slow on purpose (a quarter of a second at cost 12), so a wave of sign-ins from many
/// clients (each within its throttle) could otherwise take every core from ingestion. Past the line,
/// a sign-in is refused at once with `rate_limited` rather than queued without end.
final class PasswordHashing: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var firstWaiting = 0
    }

    private let state = Mutex(State())
    private let limit: Int
    private let lineLimit: Int
    private let queue = DispatchQueue(label: "flint.password-hashing", attributes: .concurrent)

    /// - Parameters:
    ///   - limit: hashes computed at once; half the cores (at least one) leaves the rest to ingestion.
    ///   - lineLimit: hashes allowed to wait for a turn.
    init(limit: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), lineLimit: Int = 32) {
        self.limit = max(1, limit)
        self.lineLimit = lineLimit
    }

    /// Hashes waiting for a turn (for tests and metrics).
    var lineLength: Int { state.withLock { $0.waiting.count - $0.firstWaiting } }

    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await takeTurn()
        defer { endTurn() }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    private func takeTurn() async throws {
        enum Admission { case now, wait, refused }
        let admission = state.withLock { state -> Admission in
            if state.running < limit {
                state.running += 1
                return .now
            }
            return state.waiting.count - state.firstWaiting < lineLimit ? .wait : .refused
        }
        switch admission {
        case .now: return
        case .refused: throw FlintError(.rateLimited, "Flint is busy signing other people in; try again in a few seconds", retryAfter: 2)
        case .wait:
            await withCheckedContinuation { continuation in
                let turn = state.withLock { state -> Bool in
                    // A turn may have ended between the check above and now.
                    if state.running < limit {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if turn { continuation.resume() }
            }
        }
    }

    /// Hands the turn to the first in line, or frees it.
    private func endTurn() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.firstWaiting < state.waiting.count else {
                state.running -= 1
                return nil
            }
            let next = state.waiting[state.firstWaiting]
            state.firstWaiting += 1
            if state.firstWaiting == state.waiting.count {
                state.waiting.removeAll(keepingCapacity: true)
                state.firstWaiting = 0
            }
            return next
        }
        next?.resume()
    }
}
