import FlintCore
@testable import FlintEngine
import Foundation
import Synchronization

/// A ``StepDelivery`` whose webhook destinations behave as a test says: answer at once, hang until
/// released, or fail. Every attempt is recorded, and delivered ones are announced on `delivered`.
final class FakeDelivery: StepDelivery {
    enum Behaviour: Sendable {
        case succeed
        /// Waits until ``release()``, then succeeds.
        case hang
        /// Fails transiently this many times, then succeeds.
        case failTransiently(times: Int)
        case failPermanently
    }

    struct Attempt: Sendable, Equatable {
        var destination: String
        var idempotencyKey: String
    }

    private struct State {
        var behaviours: [String: Behaviour] = [:]
        var attempts: [Attempt] = []
        var released = false
        var hung: [CheckedContinuation<Void, Never>] = []
        var emails: [SentEmail] = []
        var webhookBodies: [String] = []
    }

    private let state = Mutex(State())
    let delivered: AsyncStream<Attempt>
    private let announce: AsyncStream<Attempt>.Continuation

    init(_ behaviours: [String: Behaviour] = [:]) {
        (delivered, announce) = AsyncStream.makeStream()
        state.withLock { $0.behaviours = behaviours }
    }

    var attempts: [Attempt] { state.withLock { $0.attempts } }

    /// Lets every hung send (and every later one) through.
    func release() {
        let hung = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.released = true
            defer { state.hung = [] }
            return state.hung
        }
        for continuation in hung { continuation.resume() }
    }

    func email(
        to address: String, subject: String, html: String, text: String, headers: [String: String], idempotencyKey: String, date: Date
    ) async throws(DeliveryError) -> String {
        state.withLock { $0.emails.append(SentEmail(to: address, subject: subject, html: html, text: text, headers: headers)) }
        return try await deliver(to: "email:" + address, key: idempotencyKey)
    }

    struct SentEmail: Sendable, Equatable {
        var to: String
        var subject: String
        var html: String
        var text: String
        var headers: [String: String]
    }

    var emails: [SentEmail] { state.withLock { $0.emails } }

    func sms(to phone: String, text: String, idempotencyKey: String) async throws(DeliveryError) -> String {
        try await deliver(to: "sms:" + phone, key: idempotencyKey)
    }

    func webhook(url: String, method: String, headers: [String: String], body: String, idempotencyKey: String) async throws(DeliveryError) -> String {
        state.withLock { $0.webhookBodies.append(body) }
        return try await deliver(to: URL(string: url)?.host ?? url, key: idempotencyKey)
    }

    /// The bodies of the webhooks attempted, in order.
    var webhookBodies: [String] { state.withLock { $0.webhookBodies } }

    private func deliver(to destination: String, key: String) async throws(DeliveryError) -> String {
        let attempt = Attempt(destination: destination, idempotencyKey: key)
        let behaviour = state.withLock { state -> Behaviour in
            state.attempts.append(attempt)
            let behaviour = state.behaviours[destination] ?? .succeed
            if case .failTransiently(let times) = behaviour {
                state.behaviours[destination] = times > 1 ? .failTransiently(times: times - 1) : .succeed
            }
            return behaviour
        }
        switch behaviour {
        case .succeed:
            break
        case .hang:
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.released { return true }
                    state.hung.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        case .failTransiently:
            throw DeliveryError("503 from \(destination)", isTransient: true)
        case .failPermanently:
            throw DeliveryError("410 from \(destination)", isTransient: false)
        }
        announce.yield(attempt)
        return "delivered to \(destination)"
    }
}
