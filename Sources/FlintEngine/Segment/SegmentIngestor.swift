import FlintCore
import Logging

/// Segment-compatible ingestion: maps `track` and `identify` messages of the Segment HTTP Tracking
/// API onto Flint's triggers and contacts, so existing Segment-style libraries feed Flint unchanged.
///
/// As Segment does, a well-formed request is answered with success even when single messages are
/// rejected for their content; rejected `track` messages show in their trigger's inspector.
public struct SegmentIngestor: Sendable {
    /// What a request's messages came to.
    public struct Summary: Sendable, Equatable {
        public var accepted = 0
        public var duplicates = 0
        public var rejected = 0
        public var identified = 0
        /// Message types Flint has no use for (page, screen, group, alias).
        public var ignored = 0
    }

    let ingestor: Ingestor
    let triggers: TriggerCatalog
    let customers: CustomerService
    let logger: Logger

    public init(ingestor: Ingestor, triggers: TriggerCatalog, customers: CustomerService, logger: Logger) {
        self.ingestor = ingestor
        self.triggers = triggers
        self.customers = customers
        self.logger = logger
    }

    /// Handles messages; `defaultType` is the endpoint's type (`track`, `identify`) for messages without one.
    public func handle(_ messages: [JSONValue], defaultType: String?) async throws -> Summary {
        var summary = Summary()
        var events: [JSONValue] = []
        var anonymous: Set<Int> = []
        for message in messages {
            guard case .object(let object) = message else {
                summary.rejected += 1
                continue
            }
            switch object["type"]?.stringValue ?? defaultType {
            case "track":
                // A trigger made on another node a moment ago is looked for by its name (not yet by its eventName).
                if let name = object["event"]?.stringValue, triggers.triggerName(forEvent: name) == nil {
                    _ = try await triggers.lookUpIfUnknown(named: name)
                }
                guard let (event, isAnonymous) = trackEvent(object) else {
                    summary.rejected += 1
                    continue
                }
                if isAnonymous { anonymous.insert(events.count) }
                events.append(event)
            case "identify":
                if try await identify(object) { summary.identified += 1 } else { summary.rejected += 1 }
            default:
                summary.ignored += 1
            }
        }
        guard !events.isEmpty else { return summary }
        for outcome in try await ingestor.ingestBatch(events, anonymous: anonymous) {
            switch outcome {
            case .accepted: summary.accepted += 1
            case .duplicate: summary.duplicates += 1
            case .rejected: summary.rejected += 1
            }
        }
        return summary
    }

    /// A `track` message as a Flint event; nil when its event names no trigger (there is no inspector to show it in).
    func trackEvent(_ message: JSONObject) -> (JSONValue, isAnonymous: Bool)? {
        guard let name = message["event"]?.stringValue, let trigger = triggers.triggerName(forEvent: name) else {
            logger.debug("segment track for an unknown event", metadata: ["event": "\(message["event"]?.stringValue?.prefix(100) ?? "")"])
            return nil
        }
        var event: JSONObject = ["trigger": .string(trigger)]
        let userId = Self.identifier(message["userId"])
        let anonymousId = Self.identifier(message["anonymousId"])
        if let id = userId ?? anonymousId { event["authId"] = .string(id) }
        if let messageId = message["messageId"] { event["messageId"] = messageId }
        if let timestamp = message["timestamp"] ?? message["originalTimestamp"] { event["timestamp"] = timestamp }
        if let properties = message["properties"], properties != .null { event["attributes"] = properties }
        return (.object(event), userId == nil && anonymousId != nil)
    }

    /// Creates or updates the contact named by `userId` from its traits; false without a `userId` or when the
    /// traits would make an invalid contact (``Customer/problems()``: the same check as the API's).
    func identify(_ message: JSONObject) async throws -> Bool {
        guard let userId = Self.identifier(message["userId"]) else { return false }
        var customer = try await customers.customer(type: .contact, id: userId) ?? Customer(id: userId, type: .contact)
        for member in Self.traits(of: message) {
            let text = member.value.stringValue
            switch member.key {
            case "email": if let text, Customer.isEmailAddress(text) { customer.email = text } else { customer.attributes[member.key] = member.value }
            case "phone": if let text, Customer.isPhoneNumber(text) { customer.phone = text } else { customer.attributes[member.key] = member.value }
            case "firstName", "first_name": customer.firstName = text
            case "lastName", "last_name": customer.lastName = text
            default: customer.attributes[member.key] = member.value
            }
        }
        let problems = customer.problems()
        guard problems.isEmpty else {
            logger.info(
                "segment identify refused", metadata: ["problems": "\(problems.prefix(3).map { "\($0.field) \($0.problem)" })"])
            return false
        }
        _ = try await customers.put(customer)
        return true
    }

    /// `traits`, over `context.traits`: the Segment spec allows both, and several libraries send only
    /// the latter; where both name a trait, the top-level one wins.
    static func traits(of message: JSONObject) -> JSONObject {
        var traits = message["context"]?["traits"]?.objectValue ?? [:]
        for member in message["traits"]?.objectValue ?? [:] { traits[member.key] = member.value }
        return traits
    }

    /// Segment ids may be strings or numbers.
    static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .number(let number): JSONValue.number(number).serialized()
        default: nil
        }
    }
}
