/// Why the client could not get a verdict from Flint.
public struct FlintDeliveryError: Error, Sendable, Equatable {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// Flint could not be reached (connection refused, timeout, DNS, TLS) on any attempt.
        case network
        /// Flint kept answering `429`, `5xx` or `408` until the attempts ran out.
        case unavailable
        /// Flint's answer could not be read as the API describes it.
        case invalidResponse
        /// The event could not be encoded as JSON.
        case encoding
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person.
    public var message: String
    /// The last HTTP status, when there was an answer.
    public var httpStatus: Int?

    /// Makes an error.
    public init(code: Code, message: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }
}
