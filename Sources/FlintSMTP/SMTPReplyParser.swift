/// Assembles reply lines into replies: `250-first`, `250-second`, `250 last` make one reply.
///
/// Pure and socket-free. Lines come without their CRLF. A line that is not `DDD`, `DDD text` or
/// `DDD-text`, a code outside 200–599, or a continuation whose code changes is a protocol violation.
struct SMTPReplyParser: Sendable {
    /// Replies with more lines than this are refused, so a hostile server cannot grow memory without bound.
    static let maximumLineCount = 1_000

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Whether part of a multi-line reply has been read.
    var isInsideReply: Bool { pendingCode != nil }

    /// Feeds one line; returns the reply it completes, or nil while a multi-line reply continues.
    mutating func feed(_ line: String) throws(SMTPError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw Self.violation("reply line does not start with a three-digit code", line)
        }
        let code = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200..<600).contains(code) else {
            throw Self.violation("reply code \(code) is outside 200–599", line)
        }
        if let pendingCode, pendingCode != code {
            throw Self.violation("multi-line reply changed its code from \(pendingCode) to \(code)", line)
        }
        let isLast: Bool
        if bytes.count == 3 {
            isLast = true
        } else if bytes[3] == UInt8(ascii: " ") {
            isLast = true
        } else if bytes[3] == UInt8(ascii: "-") {
            isLast = false
        } else {
            throw Self.violation("reply code is followed by neither a space nor a hyphen", line)
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        guard pendingLines.count <= Self.maximumLineCount else {
            throw SMTPError(.protocolViolation, message: "reply has more than \(Self.maximumLineCount) lines")
        }
        if isLast {
            let reply = SMTPReply(code: code, lines: pendingLines)
            pendingCode = nil
            pendingLines = []
            return reply
        }
        pendingCode = code
        return nil
    }

    private static func violation(_ reason: String, _ line: String) -> SMTPError {
        SMTPError(.protocolViolation, message: "\(reason): \(String(line.prefix(120)).debugDescription)")
    }
}
