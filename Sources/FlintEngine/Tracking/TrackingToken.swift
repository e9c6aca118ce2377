import FlintCore

/// The signed part of a tracking URL: which message, and for a click which link and target, so a
/// token can be neither forged nor pointed somewhere else (no open redirect).
public struct TrackingToken: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case open = "o", click = "c", unsubscribe = "u"
    }

    public var kind: Kind
    public var message: TrackedMessage
    /// The link's position among the email's tracked links, for clicks.
    public var link: Int?
    /// Where a click goes.
    public var target: String?

    public init(kind: Kind, message: TrackedMessage, link: Int? = nil, target: String? = nil) {
        self.kind = kind
        self.message = message
        self.link = link
        self.target = target
    }

    /// The payload that is signed: a compact JSON array.
    var payload: String {
        var parts: [JSONValue] = [
            .string(kind.rawValue), .string(message.messageId), .string(message.journeyId), .string(message.stepId),
            .string(message.authId), .string(message.customerType.rawValue), .string(message.address),
        ]
        if let link { parts.append(.number(Double(link))) }
        if let target { parts.append(.string(target)) }
        return JSONValue.array(parts).serialized()
    }

    init?(payload: String) {
        guard case .array(let parts)? = try? JSONParser.parse(payload, maximumDepth: 2), parts.count >= 7,
            let kind = parts[0].stringValue.flatMap(Kind.init(rawValue:)),
            let messageId = parts[1].stringValue, let journeyId = parts[2].stringValue, let stepId = parts[3].stringValue,
            let authId = parts[4].stringValue, let customerType = parts[5].stringValue.flatMap(CustomerType.init(rawValue:)),
            let address = parts[6].stringValue
        else { return nil }
        self.kind = kind
        message = TrackedMessage(messageId: messageId, journeyId: journeyId, stepId: stepId, authId: authId, customerType: customerType, address: address)
        if kind == .click {
            guard parts.count == 9, case .number(let link) = parts[7], link >= 0, link < 10_000, let target = parts[8].stringValue else { return nil }
            self.link = Int(link)
            self.target = target
        } else {
            guard parts.count == 7 else { return nil }
        }
    }
}
