/// Consent as the stores keep it, a JSON column of the API's shape:
/// `{"email": {"commercial": bool, "transactional": bool}, "sms": {...}}`.
extension Consent {
    public var storedJSON: String {
        JSONValue.object(["email": Self.json(email), "sms": Self.json(sms)]).serialized()
    }

    /// Reads ``storedJSON``; anything missing or not a boolean means no consent.
    public init(storedJSON text: String) throws {
        let stored = try JSONParser.parse(text, maximumDepth: 64)
        self.init(email: Self.channel(stored["email"]), sms: Self.channel(stored["sms"]))
    }

    private static func json(_ consent: ChannelConsent) -> JSONValue {
        ["commercial": .bool(consent.commercial), "transactional": .bool(consent.transactional)]
    }

    private static func channel(_ value: JSONValue?) -> ChannelConsent {
        func flag(_ key: String) -> Bool {
            if case .bool(let flag) = value?[key] { return flag }
            return false
        }
        return ChannelConsent(commercial: flag("commercial"), transactional: flag("transactional"))
    }
}
