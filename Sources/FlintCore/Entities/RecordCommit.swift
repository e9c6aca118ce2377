/// A record write as it goes into the group commit: the validated values and the record triggers
/// watching its entity. The store reads the stored record inside the commit's transaction and asks
/// ``write(over:)`` what to store and which events to append, so the read, the write and the events
/// are one transaction (a crash can lose neither half) and concurrent writers never compute against
/// a version that changed under them.
public struct RecordCommit: Sendable, Equatable {
    /// A record trigger watching the entity.
    public struct Watcher: Sendable, Equatable {
        public var trigger: String
        public var source: RecordTriggerSource

        public init(trigger: String, source: RecordTriggerSource) {
            self.trigger = trigger
            self.source = source
        }
    }

    public var entity: String
    public var id: String
    public var customerId: String
    public var fields: JSONObject
    /// Milliseconds since 1970: the write's `updatedAt` (and `createdAt` when it creates the record).
    public var at: Int64
    public var watchers: [Watcher]

    public init(entity: String, id: String, customerId: String, fields: JSONObject, at: Int64, watchers: [Watcher]) {
        self.entity = entity
        self.id = id
        self.customerId = customerId
        self.fields = fields
        self.at = at
        self.watchers = watchers
    }

    /// What writing over `previous` stores and fires. The same customer and values again store
    /// nothing new and fire nothing.
    public func write(over previous: EntityRecord?) -> RecordWritten {
        if let previous, previous.customerId == customerId, previous.fields == fields {
            return RecordWritten(record: previous, change: .unchanged, events: [])
        }
        let record = EntityRecord(
            entity: entity, id: id, customerId: customerId, fields: fields, version: (previous?.version ?? 0) + 1,
            createdAt: previous?.createdAt ?? at, updatedAt: at)
        let events = watchers.compactMap { $0.source.event(trigger: $0.trigger, writing: record, over: previous, at: at) }
        return RecordWritten(record: record, change: previous == nil ? .created : .updated, events: events)
    }
}

/// What a ``RecordCommit`` did: the record as stored and the events it fired.
public struct RecordWritten: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case created, updated, unchanged
    }

    public var record: EntityRecord
    public var change: Change
    /// The events to append with the write (its record triggers' events).
    public var events: [AcceptedEvent]
    /// How many of `events` the store appended (a trigger deleted meanwhile takes none).
    public var appended: Int

    public init(record: EntityRecord, change: Change, events: [AcceptedEvent], appended: Int = 0) {
        self.record = record
        self.change = change
        self.events = events
        self.appended = appended
    }
}
