import Foundation

/// Where the ids of new things come from (journeys, keys, users, events sent without a `messageId`),
/// injected through the composition root so tests can name what they create. Secrets (key values,
/// session and CSRF tokens) never come from here: they always use the system's random generator.
public protocol IdentifierSource: Sendable {
    /// A new id that starts with `prefix` (for example `jrn_`).
    func make(prefix: String) -> String
    /// A new `messageId` for an event sent without one.
    func makeMessageId() -> String
}

/// Random ids: the prefix and 16 base62 characters (95 bits); message ids are lowercase UUIDv7s
/// (``TimeOrderedUUID``), time first, so the dedupe index takes them in order.
public struct RandomIdentifiers: IdentifierSource {
    public init() {}

    public func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + KeyFormat.randomString(length: 16, using: &generator)
    }

    public func makeMessageId() -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        return TimeOrderedUUID.make(milliseconds: milliseconds, using: &generator)
    }
}
