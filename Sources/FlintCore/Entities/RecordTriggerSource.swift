/// What a record trigger (`kind: "record"`) watches: an entity, the kinds of write that fire it, and
/// for updates the fields whose change matters.
public struct RecordTriggerSource: Sendable, Equatable, Codable {
    /// A kind of record write.
    public enum Change: String, Sendable, Equatable, CaseIterable, Codable {
        case create, update
    }

    public var entity: String
    public var on: [Change]
    /// An update fires only when one of these fields changes value; empty means any field.
    public var watchFields: [String]

    public init(entity: String, on: [Change] = [.create, .update], watchFields: [String] = []) {
        self.entity = entity
        self.on = on
        self.watchFields = watchFields
    }

    /// The event `trigger` fires for this write, or nil when the write does not concern it.
    ///
    /// A create carries the record's fields; an update also `previous` (the old value of every field
    /// that changed) and `changedFields`. Writing the same values again fires nothing. The event's
    /// `messageId` names the trigger, the record and its version, so a retried write cannot fire twice.
    public func event(trigger: String, writing record: EntityRecord, over previous: EntityRecord?, at now: Int64) -> AcceptedEvent? {
        var attributes = record.fields
        if let previous {
            guard on.contains(.update) else { return nil }
            let changed = Self.changedFields(from: previous.fields, to: record.fields)
            let watched = watchFields.isEmpty ? changed : changed.filter(watchFields.contains)
            guard !watched.isEmpty else { return nil }
            var old = JSONObject()
            for name in changed { old[name] = previous.fields[name] ?? .null }
            attributes["previous"] = .object(old)
            attributes["changedFields"] = .array(changed.map(JSONValue.string))
        } else {
            guard on.contains(.create) else { return nil }
        }
        return AcceptedEvent(
            messageId: "\(trigger):\(record.bindingId)@\(record.version)", trigger: trigger, authId: record.customerId,
            bindingId: record.bindingId, timestamp: now, receivedAt: now, attributes: attributes)
    }

    /// The names of fields whose value differs (absent counts as null), in sorted order.
    public static func changedFields(from old: JSONObject, to new: JSONObject) -> [String] {
        let names = Set(old.keys).union(new.keys)
        return names.filter { (old[$0] ?? .null) != (new[$0] ?? .null) }.sorted()
    }
}
