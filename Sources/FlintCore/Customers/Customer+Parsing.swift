extension Customer {
    static let requestFields: Set<String> = ["email", "phone", "firstName", "lastName", "attributes", "consent"]

    /// Reads a customer from a `PUT /api/v1/contacts/{id}` body (the whole customer; absent fields are cleared).
    /// Throws `validation_failed` naming every problem.
    public static func parse(_ body: JSONValue, id: String, type: CustomerType) throws(FlintError) -> Customer {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.validationFailed, "A customer is a JSON object", details: problems)
        }
        reader.rejectUnknownKeys(allowed: requestFields)
        var customer = Customer(id: id, type: type)
        customer.email = reader.string("email", maxLength: .max)
        customer.phone = reader.string("phone", maxLength: .max)
        customer.firstName = reader.string("firstName", maxLength: .max)
        customer.lastName = reader.string("lastName", maxLength: .max)
        switch reader.object["attributes"] {
        case .none, .some(.null): break
        case .some(.object(let attributes)): customer.attributes = attributes
        case .some(let other): reader.report("attributes", "expected an object, got \(other.typeDescription)")
        }
        if let consent = reader.object["consent"], consent != .null {
            var nested: [Problem] = []
            if var consentReader = ObjectReader(consent, path: "consent", problems: &nested) {
                consentReader.rejectUnknownKeys(allowed: ["email", "sms"])
                customer.consent.email = channel(consentReader.object["email"], field: "consent.email", problems: &nested)
                customer.consent.sms = channel(consentReader.object["sms"], field: "consent.sms", problems: &nested)
                nested += consentReader.problems
            }
            reader.append(nested)
        }
        reader.append(customer.problems())
        guard reader.problems.isEmpty && problems.isEmpty else {
            throw FlintError(.validationFailed, "The customer has \(TriggerDefinition.problemCount(problems + reader.problems))", details: problems + reader.problems)
        }
        return customer
    }

    private static func channel(_ value: JSONValue?, field: String, problems: inout [Problem]) -> ChannelConsent {
        guard let value, value != .null else { return ChannelConsent() }
        guard var reader = ObjectReader(value, path: field, problems: &problems) else { return ChannelConsent() }
        reader.rejectUnknownKeys(allowed: ["commercial", "transactional"])
        let consent = ChannelConsent(commercial: reader.bool("commercial") ?? false, transactional: reader.bool("transactional") ?? false)
        problems += reader.problems
        return consent
    }

    public static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }

    public static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.utf8.filter { (0x30...0x39).contains($0) }.count
        return text.utf8.allSatisfy { (0x30...0x39).contains($0) || " +-().".utf8.contains($0) } && (5...15).contains(digits)
    }

    /// The API shape of a customer.
    public var json: JSONValue {
        func channel(_ consent: ChannelConsent) -> JSONValue {
            ["commercial": .bool(consent.commercial), "transactional": .bool(consent.transactional)]
        }
        return [
            "id": .string(id), "type": .string(type.rawValue),
            "email": email.map(JSONValue.string) ?? .null, "phone": phone.map(JSONValue.string) ?? .null,
            "firstName": firstName.map(JSONValue.string) ?? .null, "lastName": lastName.map(JSONValue.string) ?? .null,
            "attributes": .object(attributes),
            "consent": ["email": channel(consent.email), "sms": channel(consent.sms)],
        ]
    }
}
