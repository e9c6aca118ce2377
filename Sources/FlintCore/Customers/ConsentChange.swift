/// A change to one customer's consent, applied inside the group commit to the consent stored then, so
/// nothing written meanwhile (attributes from ingestion, another consent change) is lost. Only the
/// flags given change.
public struct ConsentChange: Sendable, Equatable {
    public var type: CustomerType
    public var id: String
    public var emailCommercial: Bool?
    public var emailTransactional: Bool?
    public var smsCommercial: Bool?
    public var smsTransactional: Bool?
    /// Milliseconds since 1970.
    public var at: Int64
    /// Events appended with the change when the customer exists (`unsubscribed`).
    public var events: [AcceptedEvent]

    public init(
        type: CustomerType, id: String, emailCommercial: Bool? = nil, emailTransactional: Bool? = nil, smsCommercial: Bool? = nil,
        smsTransactional: Bool? = nil, at: Int64, events: [AcceptedEvent] = []
    ) {
        self.type = type
        self.id = id
        self.emailCommercial = emailCommercial
        self.emailTransactional = emailTransactional
        self.smsCommercial = smsCommercial
        self.smsTransactional = smsTransactional
        self.at = at
        self.events = events
    }

    /// `consent` with this change applied.
    public func applied(to consent: Consent) -> Consent {
        var changed = consent
        if let emailCommercial { changed.email.commercial = emailCommercial }
        if let emailTransactional { changed.email.transactional = emailTransactional }
        if let smsCommercial { changed.sms.commercial = smsCommercial }
        if let smsTransactional { changed.sms.transactional = smsTransactional }
        return changed
    }
}
