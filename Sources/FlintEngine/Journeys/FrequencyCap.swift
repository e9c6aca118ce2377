import FlintCore

/// The commercial frequency cap: at most `perDay` commercial messages per customer and channel in
/// any 24 hours. It fails closed: when the store cannot say how many went out, the count is retried
/// like a send, and if it never answers the message is not sent (the step fails).
struct FrequencyCap: Sendable {
    let runs: any RunStore
    let perDay: Int
    let retry: RetryPolicy
    let clock: any WallClock
    let sleeper: any Clock<Duration>

    /// Why one more commercial message on `channel` may not go to `authId`; nil when it may.
    func refusal(authId: String, channel: SendRecord.Channel) async -> SendRefusal? {
        let since = clock.now().millisecondsSince1970 - 86_400_000
        let counted = await retry.run(clock: sleeper) { () throws(DeliveryError) -> Int in
            do {
                return try await runs.sendCount(authId: authId, channel: channel, purpose: .commercial, since: since)
            } catch {
                throw DeliveryError("the frequency cap could not be checked, so nothing was sent: \(error)", isTransient: true)
            }
        }
        switch counted {
        case .failure(let error):
            return .fail(error.message)
        case .success(let count) where count >= perDay:
            let name = channel == .email ? "email" : "SMS"
            return .skip("frequency cap: \(count) commercial \(name) messages in the last 24 hours (limit \(perDay))")
        case .success:
            return nil
        }
    }
}
