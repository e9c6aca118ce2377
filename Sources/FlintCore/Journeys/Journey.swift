/// A journey as stored: its lifecycle, its current version, and that version's definition as JSON.
///
/// The definition stays JSON here so the store never needs the trigger catalog to read it; the
/// engine parses it (``JourneyDefinition/parse(_:triggers:)``) against the catalog.
public struct StoredJourney: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case draft, live, stopped
    }

    public var id: String
    public var name: String
    public var trigger: String
    public var status: Status
    public var version: Int
    /// The current version's definition, as the API shows it.
    public var definitionJSON: String
    /// When the journey last went live (milliseconds since 1970); events received before do not start runs.
    public var liveSince: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, name: String, trigger: String, status: Status, version: Int, definitionJSON: String,
        liveSince: Int64?, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.name = name
        self.trigger = trigger
        self.status = status
        self.version = version
        self.definitionJSON = definitionJSON
        self.liveSince = liveSince
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Counts of what happened in a journey, across its versions.
public struct JourneyStats: Sendable, Equatable {
    public struct StepCounts: Sendable, Equatable {
        public var reached = 0
        public var sent = 0
        public var failed = 0
        public var skipped = 0
        /// Every open of the step's tracked emails, and how many of them were opened at least once.
        public var opens = 0
        public var uniqueOpens = 0
        /// Every click of a tracked link, and how many emails had at least one.
        public var clicks = 0
        public var uniqueClicks = 0

        public init(
            reached: Int = 0, sent: Int = 0, failed: Int = 0, skipped: Int = 0, opens: Int = 0, uniqueOpens: Int = 0, clicks: Int = 0,
            uniqueClicks: Int = 0
        ) {
            self.reached = reached
            self.sent = sent
            self.failed = failed
            self.skipped = skipped
            self.opens = opens
            self.uniqueOpens = uniqueOpens
            self.clicks = clicks
            self.uniqueClicks = uniqueClicks
        }
    }

    public var entered = 0
    public var completed = 0
    public var exited = 0
    public var failed = 0
    public var steps: [String: StepCounts] = [:]

    public init(entered: Int = 0, completed: Int = 0, exited: Int = 0, failed: Int = 0, steps: [String: StepCounts] = [:]) {
        self.entered = entered
        self.completed = completed
        self.exited = exited
        self.failed = failed
        self.steps = steps
    }
}
