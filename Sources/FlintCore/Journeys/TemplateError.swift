/// Why a template's source text is not a valid template, and where the problem starts.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Where the problem starts, counted in characters (Unicode scalars) from the start of the source.
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at character \(offset)" }
}
