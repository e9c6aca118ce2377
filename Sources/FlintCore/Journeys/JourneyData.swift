/// What a journey run's conditions and templates read: the entry event's attributes, the records
/// its entity references point to, and the customer.
public struct JourneyData: Sendable, Equatable {
    /// The entry event's attributes (`trigger.<attribute>`).
    public var trigger: JSONObject
    /// Records by the name of the entityReference attribute that points to them
    /// (`trigger.<attribute>.<field>`).
    public var records: [String: JSONObject]
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
            guard let dot = rest.firstIndex(of: ".") else { return trigger[String(rest)] }
            return records[String(rest[..<dot])]?[String(rest[rest.index(after: dot)...])]
        }
        if path.hasPrefix("customer.") {
            return customer?.value(at: String(path.dropFirst("customer.".count)))
        }
        if path == Self.unsubscribePath { return unsubscribeURL.map(JSONValue.string) }
        return nil
    }
}
