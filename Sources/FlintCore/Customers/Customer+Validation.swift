import Foundation

extension Customer {
    /// The longest custom `attributes` object, serialized, that a customer may carry.
    public static let maximumAttributesBytes = 16 * 1024

    /// What is wrong with this customer, field by field; empty when it may be stored. The one check
    /// every writer (the API, Segment `identify`, the UI) runs before a customer is saved.
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        func check(_ field: String, _ value: String?, maxLength: Int) {
            guard let value else { return }
            if let problem = Self.textProblem(value, maxLength: maxLength) { problems.append(Problem(field: field, problem: problem)) }
        }
        check("id", id, maxLength: 256)
        check("firstName", firstName, maxLength: 200)
        check("lastName", lastName, maxLength: 200)
        if let email, let problem = Self.emailProblem(email) { problems.append(Problem(field: "email", problem: problem)) }
        if let phone, let problem = Self.phoneProblem(phone) { problems.append(Problem(field: "phone", problem: problem)) }
        for name in attributes.keys {
            if let problem = Self.textProblem(name, maxLength: 64) { problems.append(Problem(field: "attributes", problem: "the name \"\(name.prefix(64))\" \(problem)")) }
        }
        if JSONValue.object(attributes).serialized().utf8.count > Self.maximumAttributesBytes {
            problems.append(Problem(field: "attributes", problem: "must be at most \(Self.maximumAttributesBytes / 1024) KB as JSON"))
        }
        return problems
    }

    /// Why `text` cannot be an email address (a customer's, or an event's `contactpoint_email`), or nil.
    public static func emailProblem(_ text: String) -> String? {
        if let problem = textProblem(text, maxLength: 254) { return problem }
        return isEmailAddress(text) ? nil : "expected an email address such as ann@example.com"
    }

    /// Why `text` cannot be a phone number (a customer's, or an event's `contactpoint_phone`), or nil.
    public static func phoneProblem(_ text: String) -> String? {
        if let problem = textProblem(text, maxLength: 32) { return problem }
        return isPhoneNumber(text) ? nil : "expected a phone number such as +15551234567"
    }

    /// Why `text` cannot be a customer's field: empty, longer than `maxLength` characters, or holding a
    /// control character (CR and LF included, which would break headers and one-line displays), a line
    /// or paragraph separator, or a bidirectional override; nil when it is fine.
    public static func textProblem(_ text: String, maxLength: Int) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        if let scalar = text.unicodeScalars.first(where: isForbidden) {
            return "must not contain control characters (found U+\(String(format: "%04X", scalar.value)))"
        }
        return nil
    }

    /// C0 and C1 controls, DEL, U+2028/U+2029, and the bidirectional embedding, override and isolate marks.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
