/// An event that failed validation, kept so the trigger's inspector can show why.
public struct RejectedEvent: Sendable, Equatable {
    public var trigger: String
    public var messageId: String?
    public var authId: String?
    public var receivedAt: Int64
    public var problems: [Problem]
    /// The attributes as the sender sent them, as compact JSON, when there were any.
    public var attributesJSON: String?

    public init(trigger: String, messageId: String?, authId: String?, receivedAt: Int64, problems: [Problem], attributesJSON: String?) {
        self.trigger = trigger
        self.messageId = messageId
        self.authId = authId
        self.receivedAt = receivedAt
        self.problems = problems
        self.attributesJSON = attributesJSON
    }
}
