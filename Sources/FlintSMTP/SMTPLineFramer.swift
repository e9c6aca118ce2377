import NIOCore

/// Splits the inbound byte stream into lines ending in CRLF (a bare LF is tolerated).
///
/// Pure apart from `ByteBuffer`. It also tells whether bytes are buffered beyond the last line, which the
/// client checks before STARTTLS so that plaintext injected ahead of the handshake is refused.
struct SMTPLineFramer: Sendable {
    /// Longer lines are refused (RFC 5321 allows 512 octets for a reply line; this is generous).
    static let maximumLineLength = 4_096

    private var buffer = ByteBuffer()

    /// Whether any bytes wait after the last complete line.
    var hasBufferedBytes: Bool { buffer.readableBytes > 0 }

    /// Appends bytes read from the connection.
    mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// Returns the next complete line without its line ending, or nil when none is complete yet.
    mutating func nextLine() throws(SMTPError) -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maximumLineLength {
                throw SMTPError(.protocolViolation, message: "reply line longer than \(Self.maximumLineLength) bytes")
            }
            return nil
        }
        let length = newline - view.startIndex
        guard length <= Self.maximumLineLength else {
            throw SMTPError(.protocolViolation, message: "reply line longer than \(Self.maximumLineLength) bytes")
        }
        var line = buffer.readBytes(length: length) ?? []
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        buffer.discardReadBytes()
        return String(decoding: line, as: UTF8.self)
    }
}
