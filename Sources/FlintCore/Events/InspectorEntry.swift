/// One event as the integration inspector shows it: what arrived and what Flint made of it.
public struct InspectorEntry: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable, Codable {
        case accepted, rejected, duplicate
    }

    public var messageId: String?
    public var authId: String?
    public var receivedAt: Int64
    public var verdict: Verdict
    public var problems: [Problem]
    public var attributes: JSONValue

    public init(messageId: String?, authId: String?, receivedAt: Int64, verdict: Verdict, problems: [Problem], attributes: JSONValue) {
        self.messageId = messageId
        self.authId = authId
        self.receivedAt = receivedAt
        self.verdict = verdict
        self.problems = problems
        self.attributes = attributes
    }
}
