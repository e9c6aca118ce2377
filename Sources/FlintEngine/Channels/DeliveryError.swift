/// Why a message could not be delivered, and whether trying again may help.
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Connection failures, timeouts, 5xx and 429 answers are transient; a refusal is not.
    public var isTransient: Bool

    public init(_ message: String, isTransient: Bool) {
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { message }
}
