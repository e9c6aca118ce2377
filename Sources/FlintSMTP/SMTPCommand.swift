/// A command the client sends, rendered to the bytes that go on the wire.
enum SMTPCommand: Sendable, Hashable, CustomStringConvertible {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// `AUTH PLAIN` with the base64 initial response (RFC 4954).
    case authPlain(initialResponse: String)
    /// `AUTH LOGIN`; the server then asks for the username and the password.
    case authLogin
    /// A base64 answer to a 334 challenge (a credential, so never printed).
    case authResponse(String)
    case mailFrom(String, size: Int?)
    case recipient(String)
    case data
    /// The dot-stuffed message, already ending in `CRLF.CRLF`.
    case content([UInt8])
    /// Clears a transaction the server refused midway, so the session can start the next one.
    case reset
    case quit

    /// The bytes to write, including the CRLF.
    var bytes: [UInt8] {
        switch self {
        case .content(let bytes): return bytes
        default: return Array((line + "\r\n").utf8)
        }
    }

    /// The command verb, for errors and logs; never holds arguments or credentials.
    var verb: String {
        switch self {
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .authPlain, .authLogin, .authResponse: "AUTH"
        case .mailFrom: "MAIL"
        case .recipient: "RCPT"
        case .data, .content: "DATA"
        case .reset: "RSET"
        case .quit: "QUIT"
        }
    }

    var description: String {
        switch self {
        case .authPlain: "AUTH PLAIN <redacted>"
        case .authResponse: "<redacted>"
        case .content(let bytes): "<message, \(bytes.count) bytes>"
        default: line
        }
    }

    private var line: String {
        switch self {
        case .ehlo(let name): "EHLO \(name)"
        case .helo(let name): "HELO \(name)"
        case .startTLS: "STARTTLS"
        case .authPlain(let response): "AUTH PLAIN \(response)"
        case .authLogin: "AUTH LOGIN"
        case .authResponse(let response): response
        case .mailFrom(let address, let size): "MAIL FROM:<\(address)>" + (size.map { " SIZE=\($0)" } ?? "")
        case .recipient(let address): "RCPT TO:<\(address)>"
        case .data: "DATA"
        case .content: ""
        case .reset: "RSET"
        case .quit: "QUIT"
        }
    }
}
