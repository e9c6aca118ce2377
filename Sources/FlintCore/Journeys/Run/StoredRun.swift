/// A run with what it needs to be resumed: the entry event's data and an optimistic-concurrency revision.
public struct StoredRun: Sendable, Equatable {
    public var run: JourneyRun
    /// Bumped on every save; a save with a stale revision is refused, so two inputs for one run
    /// can never overwrite each other.
    public var revision: Int
    public var entry: RunEntry

    public init(run: JourneyRun, revision: Int, entry: RunEntry) {
        self.run = run
        self.revision = revision
        self.entry = entry
    }
}

/// A run's new state to store, through the group commit: see ``IngestionRecord/runSave(_:)``.
public struct RunSave: Sendable, Equatable {
    public var run: JourneyRun
    /// The revision the change was made from; the save is refused when the stored one differs.
    public var expectedRevision: Int
    /// The run's status at that revision, so the store can count the runs that finish.
    public var previousStatus: JourneyRun.Status
    /// Trace entries from this index on are new.
    public var newTraceFrom: Int
    /// The send the change records, stored with it.
    public var send: SendRecord?
    /// Events the change emits (`email_sent`, `journey_completed`, an `activateTrigger` step's event),
    /// appended to the event log in the same transaction, so the change and its events share one fate.
    public var events: [AcceptedEvent]

    public init(
        run: JourneyRun, expectedRevision: Int, previousStatus: JourneyRun.Status, newTraceFrom: Int, send: SendRecord?,
        events: [AcceptedEvent] = []
    ) {
        self.run = run
        self.expectedRevision = expectedRevision
        self.previousStatus = previousStatus
        self.newTraceFrom = newTraceFrom
        self.send = send
        self.events = events
    }
}

/// The entry event a run started from.
public struct RunEntry: Sendable, Equatable {
    public var messageId: String
    public var attributes: JSONObject
    public var contactpointEmail: String?
    public var contactpointPhone: String?

    public init(messageId: String, attributes: JSONObject, contactpointEmail: String? = nil, contactpointPhone: String? = nil) {
        self.messageId = messageId
        self.attributes = attributes
        self.contactpointEmail = contactpointEmail
        self.contactpointPhone = contactpointPhone
    }
}

/// A message a step sent, recorded with the run's state so it is never sent twice.
public struct SendRecord: Sendable, Equatable {
    public enum Channel: String, Sendable, Equatable, CaseIterable {
        case email, sms, webhook, trigger
    }

    /// `<run id>:<step id>`.
    public var idempotencyKey: String
    public var runId: String
    public var journeyId: String
    public var stepId: String
    public var authId: String
    public var channel: Channel
    public var purpose: MessagePurpose?
    public var recipient: String?
    public var detail: String
    public var sentAt: Int64

    public init(
        idempotencyKey: String, runId: String, journeyId: String, stepId: String, authId: String, channel: Channel,
        purpose: MessagePurpose?, recipient: String?, detail: String, sentAt: Int64
    ) {
        self.idempotencyKey = idempotencyKey
        self.runId = runId
        self.journeyId = journeyId
        self.stepId = stepId
        self.authId = authId
        self.channel = channel
        self.purpose = purpose
        self.recipient = recipient
        self.detail = detail
        self.sentAt = sentAt
    }
}
