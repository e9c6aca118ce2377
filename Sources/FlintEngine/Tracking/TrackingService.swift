import FlintCore

/// Answers the public tracking routes: counts opens and clicks and emits their built-in events through
/// the group commit, and withdraws commercial consent on unsubscribe. Every token is verified first
/// (a tampered or truncated one gets nothing), and nothing is read from the database for an open or a click.
public struct TrackingService: Sendable {
    let signer: TrackingSigner
    let committer: GroupCommitter
    let customers: CustomerService
    let counter: TrackingCounter?
    let clock: any WallClock

    /// - Parameter counter: counts repeat opens and clicks in memory; nil writes every one at once.
    public init(signer: TrackingSigner, committer: GroupCommitter, customers: CustomerService, counter: TrackingCounter? = nil, clock: any WallClock) {
        self.signer = signer
        self.committer = committer
        self.customers = customers
        self.counter = counter
        self.clock = clock
    }

    /// Counts an open or click: a repeat in memory, the first one committed with its event.
    private func count(_ tracking: TrackingCommit) async throws {
        if let counter, counter.countRepeat(tracking) { return }
        _ = try await committer.commit([.tracking(tracking)])
        counter?.committed(tracking)
    }

    /// Counts an open; false when the token is not a valid open token.
    public func open(_ text: String) async throws -> Bool {
        guard let token = signer.verify(text), token.kind == .open else { return false }
        let message = token.message
        let now = clock.now().millisecondsSince1970
        let event = BuiltinEvents.message(
            "email_opened", message.messageId, journeyId: message.journeyId, stepId: message.stepId, authId: message.authId, at: now)
        try await count(TrackingCommit(
            messageId: message.messageId, journeyId: message.journeyId, stepId: message.stepId, link: nil, at: now, event: event))
        return true
    }

    /// Counts a click and returns where it goes; nil when the token is not a valid click token.
    public func click(_ text: String) async throws -> String? {
        guard let token = signer.verify(text), token.kind == .click, let link = token.link, let target = token.target else { return nil }
        let message = token.message
        let now = clock.now().millisecondsSince1970
        let event = BuiltinEvents.message(
            "email_link_clicked", message.messageId, journeyId: message.journeyId, stepId: message.stepId, authId: message.authId, at: now,
            extra: ["url": .string(target)], eventId: "\(message.messageId)#\(link)")
        try await count(TrackingCommit(
            messageId: message.messageId, journeyId: message.journeyId, stepId: message.stepId, link: link, at: now, event: event))
        return target
    }

    /// The message an unsubscribe token names, for the confirmation page; nil when it is not valid.
    public func unsubscribeTarget(_ text: String) -> TrackedMessage? {
        guard let token = signer.verify(text), token.kind == .unsubscribe else { return nil }
        return token.message
    }

    /// Withdraws commercial email consent for the token's address and emits `unsubscribed`; nil when the
    /// token is not valid. The customer keeps transactional consent; doing it twice emits one event.
    public func unsubscribe(_ text: String) async throws -> TrackedMessage? {
        guard let message = unsubscribeTarget(text) else { return nil }
        let now = clock.now().millisecondsSince1970
        let event = BuiltinEvents.message(
            "unsubscribed", message.messageId, journeyId: message.journeyId, stepId: message.stepId, authId: message.authId, at: now,
            extra: ["channel": "email", "address": .string(message.address)])
        if let customer = try await customers.customer(type: message.customerType, id: message.authId), customer.email == message.address {
            // Only the flag changes, on the consent stored at commit time: nothing written meanwhile is lost.
            let change = ConsentChange(type: customer.type, id: customer.id, emailCommercial: false, at: now, events: [event])
            _ = try await committer.commit([.consentChange(change)])
        } else {
            // A fallback address (a profile's contact point) has no stored consent to withdraw; it was transactional only.
            _ = try await committer.commit([.accepted(event)])
        }
        return message
    }
}
