import Foundation

/// Where rendered journey messages go out: SMTP, the SMS provider and webhooks in production
/// (``JourneyChannels``), a fake with slow or failing destinations in engine tests. One attempt per call;
/// the executor decides about retries.
public protocol StepDelivery: Sendable {
    /// `headers` are extra message headers (`List-Unsubscribe`).
    func email(
        to address: String, subject: String, html: String, text: String, headers: [String: String], idempotencyKey: String, date: Date
    ) async throws(DeliveryError) -> String
    func sms(to phone: String, text: String, idempotencyKey: String) async throws(DeliveryError) -> String
    func webhook(url: String, method: String, headers: [String: String], body: String, idempotencyKey: String) async throws(DeliveryError) -> String
}

extension JourneyChannels: StepDelivery {
    public func email(
        to address: String, subject: String, html: String, text: String, headers: [String: String], idempotencyKey: String, date: Date
    ) async throws(DeliveryError) -> String {
        guard let email else { throw DeliveryError("email is not configured (set FLINT_SMTP_URL and FLINT_EMAIL_FROM)", isTransient: false) }
        return try await email.send(
            to: address, subject: subject, html: html, text: text, headers: headers, idempotencyKey: idempotencyKey, date: date)
    }

    public func sms(to phone: String, text: String, idempotencyKey: String) async throws(DeliveryError) -> String {
        guard let sms else { throw DeliveryError("SMS is not configured (set FLINT_SMS_URL and its account settings)", isTransient: false) }
        return try await sms.send(to: phone, text: text, idempotencyKey: idempotencyKey)
    }

    public func webhook(url: String, method: String, headers: [String: String], body: String, idempotencyKey: String) async throws(DeliveryError) -> String {
        try await webhook.send(url: url, method: method, headers: headers, body: body, idempotencyKey: idempotencyKey)
    }
}
