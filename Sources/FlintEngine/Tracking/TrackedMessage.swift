import FlintCore

/// What a tracking link knows about the email it sits in: enough to emit `email_opened`,
/// `email_link_clicked` and `unsubscribed` without a database read.
public struct TrackedMessage: Sendable, Equatable {
    /// The send's idempotency key, `<run id>:<step id>`.
    public var messageId: String
    public var journeyId: String
    public var stepId: String
    public var authId: String
    public var customerType: CustomerType
    /// The email address it was sent to.
    public var address: String

    public init(messageId: String, journeyId: String, stepId: String, authId: String, customerType: CustomerType, address: String) {
        self.messageId = messageId
        self.journeyId = journeyId
        self.stepId = stepId
        self.authId = authId
        self.customerType = customerType
        self.address = address
    }
}
