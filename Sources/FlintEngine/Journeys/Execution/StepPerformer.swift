import FlintCore
import Foundation

/// Performs one attempt of a step that reaches outside a run: renders the message, checks consent and
/// the frequency cap, sends it once, and says what happened. A transient failure comes back as
/// ``StepResult/retry(error:at:)`` with the time the retry policy gives, until attempts run out.
struct StepPerformer: Sendable {
    let runs: any RunStore
    let delivery: any StepDelivery
    let retry: RetryPolicy
    /// Commercial messages allowed per customer and channel in 24 hours; nil for no cap.
    let commercialCapPerDay: Int?
    let activator: TriggerActivator
    /// Tracking links, pixel and unsubscribe; nil when `FLINT_PUBLIC_URL` is not set.
    let tracking: EmailTracking?
    let clock: any WallClock

    /// What performing the step led to: its result, and the send and events to record with the run's next state.
    ///
    /// - Parameter mayHaveBeenSent: false when the run's state comes from this process's own save of
    ///   it, which nothing moved since: its send is recorded in the same commit that moves the run past
    ///   the step, so there can be none. True when the run was read back (after a restart, for one).
    func perform(
        stepId: String, stored: StoredRun, journey: LiveJourney, data: JourneyData, customerType: CustomerType, mayHaveBeenSent: Bool
    ) async -> StepOutcome {
        let run = stored.run
        let key = RunIdentity.sendKey(runId: run.id, stepId: stepId)
        if mayHaveBeenSent {
            do {
                if let earlier = try await runs.send(idempotencyKey: key) {
                    return StepOutcome(.sent(detail: "already sent before a restart: \(earlier.detail)"))
                }
            } catch {
                return StepOutcome(failure(DeliveryError("could not check whether it was already sent: \(error)", isTransient: true), run: run))
            }
        }
        guard let step = journey.program.steps[stepId] else { return StepOutcome(.failed(error: "step \(stepId) is not in version \(journey.version)")) }
        let record = { (channel: SendRecord.Channel, purpose: MessagePurpose?, recipient: String?, detail: String) in
            SendRecord(
                idempotencyKey: key, runId: run.id, journeyId: run.journeyId, stepId: stepId, authId: run.authId, channel: channel,
                purpose: purpose, recipient: recipient, detail: detail, sentAt: clock.now().millisecondsSince1970)
        }
        var data = data
        var tracked: TrackedMessage?
        if let tracking, case .email = step.kind, let recipient = Recipients.email(data: data, entry: stored.entry, customerType: customerType) {
            let message = TrackedMessage(
                messageId: key, journeyId: run.journeyId, stepId: stepId, authId: run.authId, customerType: customerType, address: recipient.address)
            data.unsubscribeURL = tracking.unsubscribeURL(for: message)
            tracked = message
        }
        guard let rendered = RenderedStep(step, data: data) else {
            return StepOutcome(.failed(error: "step \(stepId) is not performed by the executor"))
        }
        switch rendered {
        case .email(let subject, let html, let text, let purpose, let notes):
            let recipient = Recipients.email(data: data, entry: stored.entry, customerType: customerType)
            if let refusal = await refusal(recipient, channel: .email, purpose: purpose, authId: run.authId) { return StepOutcome(result(of: refusal, run: run)) }
            let address = recipient!.address
            var (html, text, headers) = (html, text, [String: String]())
            if let tracking, let tracked, case .email(let template) = step.kind {
                (html, text, headers) = tracking.prepare(
                    html: html, text: text, message: tracked, commercial: purpose == .commercial,
                    templateHasUnsubscribeLink: template.html.paths.contains(JourneyData.unsubscribePath))
            }
            let sent = await attempt { () throws(DeliveryError) in
                try await delivery.email(
                    to: address, subject: subject, html: html, text: text, headers: headers, idempotencyKey: key, date: clock.now())
            }
            var outcome = outcome(sent.map { ([$0] + notes).joined(separator: "; ") }, run: run, missing: data.missingRecords) {
                record(.email, purpose, address, $0)
            }
            if case .failure(let error) = sent, !error.isTransient {
                outcome.events.append(
                    BuiltinEvents.emailFailed(
                        messageId: key, journeyId: run.journeyId, stepId: stepId, authId: run.authId, reason: error.message,
                        at: clock.now().millisecondsSince1970))
            }
            return outcome
        case .sms(let text, let purpose):
            let recipient = Recipients.phone(data: data, entry: stored.entry, customerType: customerType)
            if let refusal = await refusal(recipient, channel: .sms, purpose: purpose, authId: run.authId) { return StepOutcome(result(of: refusal, run: run)) }
            let phone = recipient!.address
            let sent = await attempt { () throws(DeliveryError) in try await delivery.sms(to: phone, text: text, idempotencyKey: key) }
            return outcome(sent, run: run, missing: data.missingRecords) { record(.sms, purpose, phone, $0) }
        case .webhook(let url, let method, let headers, let body):
            let sent = await attempt { () throws(DeliveryError) in
                try await delivery.webhook(url: url, method: method, headers: headers, body: body, idempotencyKey: key)
            }
            return outcome(sent, run: run, missing: data.missingRecords) { record(.webhook, nil, url, $0) }
        case .activateTrigger(let trigger, let attributes):
            let now = clock.now().millisecondsSince1970
            switch activator.event(trigger: trigger, attributes: attributes, run: run, entry: stored.entry, messageId: key, at: now) {
            case .success(let event):
                let detail = "emitted \(trigger) as \(event.messageId)"
                return StepOutcome(.sent(detail: detail), send: record(.trigger, nil, trigger, detail), events: [event])
            case .failure(let error):
                return StepOutcome(failure(error, run: run))
            }
        }
    }

    /// The destination a step reaches, which the executor limits on its own: a slow webhook host
    /// delays only the steps that call it.
    static func destination(of step: Step) -> String {
        switch step.kind {
        case .email: "email"
        case .sms: "sms"
        case .webhook(let webhook): "webhook:" + destination(of: webhook.url)
        case .activateTrigger(let trigger, _): "trigger:" + trigger
        case .branch, .wait, .waitForTrigger: "run"
        }
    }

    /// `host:port` of a webhook URL: services on one host behind different ports are different destinations.
    static func destination(of url: String) -> String {
        guard let parsed = URL(string: url), let host = parsed.host?.lowercased() else { return url }
        let port = parsed.port ?? (parsed.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    private func attempt(_ operation: () async throws(DeliveryError) -> String) async -> Result<String, DeliveryError> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(error)
        }
    }

    /// Why the message may not go out: no address, no consent, or the frequency cap; nil when it may.
    private func refusal(_ recipient: Recipient?, channel: SendRecord.Channel, purpose: MessagePurpose, authId: String) async -> SendRefusal? {
        if let refusal = Recipients.refusal(recipient, channel: channel, purpose: purpose) { return .skip(refusal) }
        guard purpose == .commercial, let cap = commercialCapPerDay else { return nil }
        return await FrequencyCap(runs: runs, perDay: cap, clock: clock).refusal(authId: authId, channel: channel)
    }

    private func result(of refusal: SendRefusal, run: JourneyRun) -> StepResult {
        switch refusal {
        case .skip(let reason): .skipped(reason: reason)
        case .retry(let reason): failure(DeliveryError(reason, isTransient: true), run: run)
        }
    }

    private func outcome(
        _ result: Result<String, DeliveryError>, run: JourneyRun, missing: [String] = [], record: (String) -> SendRecord
    ) -> StepOutcome {
        switch result {
        case .success(let sent):
            let detail = missing.isEmpty ? sent : sent + "; records not found, so their defaults were used: " + missing.joined(separator: ", ")
            return StepOutcome(.sent(detail: detail), send: record(detail))
        case .failure(let error):
            return StepOutcome(failure(error, run: run))
        }
    }

    /// A permanent error fails the step; a transient one is retried at the policy's next delay, until
    /// the run has used up its attempts.
    private func failure(_ error: DeliveryError, run: JourneyRun) -> StepResult {
        guard error.isTransient else { return .failed(error: error.message) }
        let attempt = run.attempts + 1
        guard attempt < retry.attempts else { return .failed(error: "\(error.message) (gave up after \(attempt) attempts)") }
        let delay = retry.delay(beforeRetry: attempt)
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        return .retry(error: error.message, at: clock.now().millisecondsSince1970 + milliseconds)
    }
}
