/// One open or click of a tracked email in the group commit: counted every time, and its built-in
/// event (`email_opened`, `email_link_clicked`) appended; the event's id names the message (and the
/// link), so the trigger fires once per message and link however often it is opened or clicked.
public struct TrackingCommit: Sendable, Equatable {
    public var messageId: String
    public var journeyId: String
    public var stepId: String
    /// The link's position for a click; nil for an open.
    public var link: Int?
    /// Milliseconds since 1970.
    public var at: Int64
    /// How many opens or clicks this counts (repeats are counted in memory and written together).
    public var count: Int
    /// The built-in event, for the first open or click this process saw; nil for counted repeats.
    public var event: AcceptedEvent?

    public init(messageId: String, journeyId: String, stepId: String, link: Int?, at: Int64, count: Int = 1, event: AcceptedEvent?) {
        self.messageId = messageId
        self.journeyId = journeyId
        self.stepId = stepId
        self.link = link
        self.at = at
        self.count = count
        self.event = event
    }
}
