import FlintCore
import Foundation

/// Performs the steps that reach outside a run: renders the message, checks consent and the
/// frequency cap, sends it with retries, and says what happened.
struct StepPerformer: Sendable {
    let runs: any RunStore
    let channels: JourneyChannels
    let activator: TriggerActivator
    let clock: any WallClock
    let sleeper: any Clock<Duration>

    /// What performing the step led to, and the send to record with the run's next state.
    func perform(stepId: String, stored: StoredRun, journey: LiveJourney, data: JourneyData, customerType: CustomerType) async -> (StepResult, SendRecord?) {
        let run = stored.run
        let key = RunIdentity.sendKey(runId: run.id, stepId: stepId)
        if let earlier = try? await runs.send(idempotencyKey: key) {
            return (.sent(detail: "already sent before a restart: \(earlier.detail)"), nil)
        }
        guard let step = journey.program.steps[stepId] else { return (.failed(error: "step \(stepId) is not in version \(journey.version)"), nil) }
        let record = { (channel: SendRecord.Channel, purpose: MessagePurpose?, recipient: String?, detail: String) in
            SendRecord(
                idempotencyKey: key, runId: run.id, journeyId: run.journeyId, stepId: stepId, authId: run.authId, channel: channel,
                purpose: purpose, recipient: recipient, detail: detail, sentAt: clock.now().millisecondsSince1970)
        }
        guard let rendered = RenderedStep(step, data: data) else {
            return (.failed(error: "step \(stepId) is not performed by the executor"), nil)
        }
        switch rendered {
        case .email(let subject, let html, let text, let purpose, let notes):
            guard let sender = channels.email else { return (.failed(error: "email is not configured (set FLINT_SMTP_URL and FLINT_EMAIL_FROM)"), nil) }
            let recipient = Recipients.email(data: data, entry: stored.entry, customerType: customerType)
            if let refusal = await refusal(recipient, channel: .email, purpose: purpose, authId: run.authId) { return (refusal.result, nil) }
            let address = recipient!.address
            let result = await channels.retry.run(clock: sleeper) { () throws(DeliveryError) in
                try await sender.send(to: address, subject: subject, html: html, text: text, idempotencyKey: key, date: clock.now())
            }
            let noted = result.map { ([$0] + notes).joined(separator: "; ") }
            return outcome(noted) { record(.email, purpose, address, $0) }
        case .sms(let text, let purpose):
            guard let sender = channels.sms else { return (.failed(error: "SMS is not configured (set FLINT_SMS_URL and its account settings)"), nil) }
            let recipient = Recipients.phone(data: data, entry: stored.entry, customerType: customerType)
            if let refusal = await refusal(recipient, channel: .sms, purpose: purpose, authId: run.authId) { return (refusal.result, nil) }
            let phone = recipient!.address
            let result = await channels.retry.run(clock: sleeper) { () throws(DeliveryError) in
                try await sender.send(to: phone, text: text, idempotencyKey: key)
            }
            return outcome(result) { record(.sms, purpose, phone, $0) }
        case .webhook(let url, let method, let headers, let body):
            let result = await channels.retry.run(clock: sleeper) { () throws(DeliveryError) in
                try await channels.webhook.send(url: url, method: method, headers: headers, body: body, idempotencyKey: key)
            }
            return outcome(result) { record(.webhook, nil, url, $0) }
        case .activateTrigger(let trigger, let attributes):
            let result = await activator.activate(trigger: trigger, attributes: attributes, run: run, entry: stored.entry, messageId: key)
            return outcome(result) { record(.trigger, nil, trigger, $0) }
        }
    }

    /// Why the message may not go out: no address, no consent, or the frequency cap; nil when it may.
    private func refusal(_ recipient: Recipient?, channel: SendRecord.Channel, purpose: MessagePurpose, authId: String) async -> SendRefusal? {
        if let refusal = Recipients.refusal(recipient, channel: channel, purpose: purpose) { return .skip(refusal) }
        guard purpose == .commercial, let cap = channels.commercialCapPerDay else { return nil }
        return await FrequencyCap(runs: runs, perDay: cap, retry: channels.retry, clock: clock, sleeper: sleeper)
            .refusal(authId: authId, channel: channel)
    }

    private func outcome(_ result: Result<String, DeliveryError>, record: (String) -> SendRecord) -> (StepResult, SendRecord?) {
        switch result {
        case .success(let detail): (.sent(detail: detail), record(detail))
        case .failure(let error): (.failed(error: error.message), nil)
        }
    }
}
