/// An error Flint reports to a client: a stable code, a sentence for a person, and details.
///
/// Every module throws this for client-facing failures; the server maps it to HTTP once, at the edge.
public struct FlintError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var details: [Problem]
    /// Seconds the client should wait before retrying (for `rate_limited` and `unavailable`).
    public var retryAfter: Int?

    public init(_ code: ErrorCode, _ message: String, details: [Problem] = [], retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
    }

    public static func notFound(_ what: String) -> FlintError {
        FlintError(.notFound, "\(what) does not exist")
    }

    public static func invalidJSON(_ error: JSONParseError) -> FlintError {
        FlintError(.invalidJSON, "The body is not valid JSON: \(error)")
    }

    /// A store's unique constraint on `eventName` refused a change another request or node raced to
    /// first (the engine checks names beforehand; this is the last line).
    public static let eventNameTaken = FlintError(
        .invalidTrigger, "The event name is taken", details: [Problem(field: "eventName", problem: "another trigger took it a moment ago")])

    public static func unavailable(_ message: String) -> FlintError {
        FlintError(.unavailable, message, retryAfter: 1)
    }
}
