/// One complete server reply: a three-digit code and its text lines (multi-line replies keep every line).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, 200 to 599.
    public let code: Int
    /// The text of each line, without the code and separator.
    public let lines: [String]

    /// Creates a reply; `lines` holds at least one (possibly empty) line of text.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// The text lines joined by newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// 2xx: the command succeeded.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (354 after DATA, 334 during AUTH).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    public var description: String { "\(code) \(text)" }
}
