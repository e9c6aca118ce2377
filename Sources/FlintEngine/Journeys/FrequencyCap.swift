import FlintCore

/// The commercial frequency cap: at most `perDay` commercial messages per customer and channel in
/// any 24 hours. It fails closed: when the store cannot say how many went out, nothing is sent and
/// the step is retried like a failed send (a durable timer), failing once its attempts run out.
struct FrequencyCap: Sendable {
    let runs: any RunStore
    let perDay: Int
    let clock: any WallClock

    /// Why one more commercial message on `channel` may not go to `authId` now; nil when it may.
    func refusal(authId: String, channel: SendRecord.Channel) async -> SendRefusal? {
        let since = clock.now().millisecondsSince1970 - 86_400_000
        let count: Int
        do {
            count = try await runs.sendCount(authId: authId, channel: channel, purpose: .commercial, since: since)
        } catch {
            return .retry("the frequency cap could not be checked, so nothing was sent: \(error)")
        }
        guard count >= perDay else { return nil }
        let name = channel == .email ? "email" : "SMS"
        return .skip("frequency cap: \(count) commercial \(name) messages in the last 24 hours (limit \(perDay))")
    }
}
