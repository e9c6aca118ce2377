/// An extra header line such as `List-Unsubscribe: <https://example.com/u/42>`.
///
/// Validated on creation: the name is printable ASCII without a colon, the value holds no CR, LF or other
/// control characters, and the headers the renderer writes itself (`From`, `To`, `Content-Type`, ...) are refused.
/// Values are treated as unstructured text: non-ASCII values are written as RFC 2047 encoded words.
public struct EmailHeader: Sendable, Hashable {
    /// Header names the renderer owns; setting them here would contradict or duplicate its output.
    static let reservedNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding",
    ]
    /// A run of non-space characters longer than this cannot be folded under the 998-octet line limit.
    static let maximumWordLength = 900

    /// The header name, for example `Reply-To`.
    public let name: String
    /// The header value, without the line ending.
    public let value: String

    /// Validates and creates a header; throws `SMTPError.Kind.invalidMessage` with the reason.
    public init(name: String, value: String) throws(SMTPError) {
        guard (1...76).contains(name.utf8.count),
              name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
        else {
            throw SMTPError(.invalidMessage, message: "invalid header name \(String(name.prefix(80)).debugDescription)")
        }
        guard !Self.reservedNames.contains(name.lowercased()) else {
            throw SMTPError(.invalidMessage, message: "header \(name) is written by the renderer and cannot be set")
        }
        guard value.unicodeScalars.allSatisfy({ !EmailAddress.isControl($0) }) else {
            throw SMTPError(.invalidMessage, message: "value of header \(name) contains a control character (CR, LF, ...)")
        }
        guard value.split(separator: " ").allSatisfy({ $0.utf8.count <= Self.maximumWordLength }) else {
            throw SMTPError(.invalidMessage, message: "value of header \(name) has a word longer than \(Self.maximumWordLength) octets")
        }
        self.name = name
        self.value = value
    }
}
