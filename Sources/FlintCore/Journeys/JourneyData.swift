/// What a journey run's conditions and templates read: the entry event's attributes, the records
/// its entity references point to, and the customer.
public struct JourneyData: Sendable, Equatable {
    /// The entry event's attributes (`trigger.<attribute>`).
    public var trigger: JSONObject
    /// The fields of the records the entry event's references point to, by the path of the reference
    /// (`order` for `trigger.order.<field>`, `order.store` for `trigger.order.store.<field>`).
    public var records: [String: JSONObject]
    /// Records a path pointed to that do not exist (`order/o-9`), for the trace.
    public var missingRecords: [String] = []
    /// The records of the lists `{{#each}}` blocks repeat over, by the list's path (`order.items`), in list order.
    public var lists: [String: [JSONObject]] = [:]

    /// The records of the list at `path` (`trigger.order.items`), for an `{{#each}}` block.
    public func items(at path: String) -> [JSONObject] {
        lists[String(path.dropFirst("trigger.".count))] ?? []
    }
    /// The customer, when Flint knows them (`customer.<field>`).
    public var customer: Customer?
    /// The message's unsubscribe link (`{{unsubscribeUrl}}`), set while an email is rendered with tracking on.
    public var unsubscribeURL: String?

    /// The path of the unsubscribe link in templates.
    public static let unsubscribePath = "unsubscribeUrl"

    public init(trigger: JSONObject = [:], records: [String: JSONObject] = [:], customer: Customer? = nil, unsubscribeURL: String? = nil) {
        self.trigger = trigger
        self.records = records
        self.customer = customer
        self.unsubscribeURL = unsubscribeURL
    }

    /// The value at a path, or nil when it is absent (paths are validated when the journey is created).
    public func value(at path: String) -> JSONValue? {
        if path.hasPrefix("trigger.") {
            let rest = path.dropFirst("trigger.".count)
            // The common case, an attribute of the event, reads it without splitting the path: conditions
            // are evaluated for every event a live journey's trigger receives.
            guard rest.contains(".") else { return trigger[String(rest)] }
            // Walk the path: into nested objects (a record trigger's `previous`), and through references
            // into the records loaded for them.
            let segments = rest.split(separator: ".").map(String.init)
            guard let first = segments.first else { return nil }
            var current = trigger[first]
            var prefix = first
            for segment in segments.dropFirst() {
                if case .object(let object)? = current {
                    current = object[segment]
                } else {
                    guard let record = records[prefix] else { return nil }
                    current = record[segment]
                }
                prefix += "." + segment
            }
            return current
        }
        if path.hasPrefix("customer.") {
            return customer?.value(at: String(path.dropFirst("customer.".count)))
        }
        if path == Self.unsubscribePath { return unsubscribeURL.map(JSONValue.string) }
        return nil
    }
}
