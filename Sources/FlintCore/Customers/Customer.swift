/// A contact, lead or profile: who journeys talk to, and whether they may be contacted.
public struct Customer: Sendable, Equatable {
    public var id: String
    public var type: CustomerType
    public var email: String?
    public var phone: String?
    public var firstName: String?
    public var lastName: String?
    /// Custom fields (`customer.attributes.<name>` in templates and conditions).
    public var attributes: JSONObject
    public var consent: Consent

    public init(
        id: String, type: CustomerType = .contact, email: String? = nil, phone: String? = nil, firstName: String? = nil,
        lastName: String? = nil, attributes: JSONObject = [:], consent: Consent = Consent()
    ) {
        self.id = id
        self.type = type
        self.email = email
        self.phone = phone
        self.firstName = firstName
        self.lastName = lastName
        self.attributes = attributes
        self.consent = consent
    }

    /// The fields `customer.<field>` paths may name, besides `attributes.<name>`.
    public static let fields: Set<String> = ["id", "email", "phone", "firstName", "lastName"]

    /// The value at `customer.<field>` or `customer.attributes.<name>` (the part after `customer.`).
    public func value(at field: String) -> JSONValue? {
        switch field {
        case "id": .string(id)
        case "email": email.map(JSONValue.string)
        case "phone": phone.map(JSONValue.string)
        case "firstName": firstName.map(JSONValue.string)
        case "lastName": lastName.map(JSONValue.string)
        default:
            field.hasPrefix("attributes.") ? attributes[String(field.dropFirst("attributes.".count))] : nil
        }
    }
}

/// Per channel, whether a customer agreed to commercial and to transactional messages.
public struct Consent: Sendable, Equatable {
    public var email: ChannelConsent
    public var sms: ChannelConsent

    public init(email: ChannelConsent = ChannelConsent(), sms: ChannelConsent = ChannelConsent()) {
        self.email = email
        self.sms = sms
    }
}

/// Consent for one channel. Nothing is assumed: both default to false.
public struct ChannelConsent: Sendable, Equatable {
    public var commercial: Bool
    public var transactional: Bool

    public init(commercial: Bool = false, transactional: Bool = false) {
        self.commercial = commercial
        self.transactional = transactional
    }

    public func allows(_ purpose: MessagePurpose) -> Bool {
        switch purpose {
        case .commercial: commercial
        case .transactional: transactional
        }
    }
}
