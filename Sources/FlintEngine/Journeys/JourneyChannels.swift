import FlintCore

/// The senders journey steps use, and the rules that decide whether a message may go out.
public struct JourneyChannels: Sendable {
    public var email: EmailSender?
    public var sms: SMSSender?
    public var webhook: WebhookSender
    public var retry: RetryPolicy
    /// Commercial messages allowed per customer and channel in 24 hours; nil for no cap.
    public var commercialCapPerDay: Int?

    public init(email: EmailSender?, sms: SMSSender?, webhook: WebhookSender, retry: RetryPolicy = RetryPolicy(), commercialCapPerDay: Int? = nil) {
        self.email = email
        self.sms = sms
        self.webhook = webhook
        self.retry = retry
        self.commercialCapPerDay = commercialCapPerDay
    }
}
