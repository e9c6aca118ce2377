import Foundation

/// Renders an `EmailMessage` to RFC 5322 bytes: CRLF line endings, every line at most 998 octets
/// (in practice 78), UTF-8 bodies as quoted-printable, and `multipart/alternative` when there is HTML.
///
/// The output is the message itself; dot-stuffing for the SMTP DATA phase is `DotStuffing`'s job.
public enum MIMERenderer {
    /// Renders `message` with a fresh random multipart boundary.
    public static func render(_ message: EmailMessage) -> [UInt8] {
        render(message, boundary: makeBoundary())
    }

    /// Renders `message` with the given boundary, which must start with `=_` (tests pass a fixed one).
    static func render(_ message: EmailMessage, boundary: String) -> [UInt8] {
        var lines = [
            "Date: " + formatDate(message.date),
            HeaderEncoding.addressList(name: "From", [message.from]),
            HeaderEncoding.addressList(name: "To", message.to),
            HeaderEncoding.unstructured(name: "Subject", value: message.subject),
            "Message-ID: " + message.messageID,
            "MIME-Version: 1.0",
        ]
        lines += message.headers.map { HeaderEncoding.unstructured(name: $0.name, value: $0.value) }

        let text = QuotedPrintable.encode(message.textBody)
        guard let htmlBody = message.htmlBody else {
            lines += textPartHeaders(subtype: "plain")
            // The body ends with a line break: the text's own, or one added here.
            let ending = text.isEmpty || text.suffix(2) == crlf[...] ? [] : crlf
            return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + text + ending
        }
        let html = QuotedPrintable.encode(htmlBody)
        // Quoted-printable output never holds "=_" ("=" is always followed by a hex digit or CRLF),
        // so a boundary starting with "=_" cannot occur inside the encoded parts.
        precondition(boundary.hasPrefix("=_"), "multipart boundaries must start with =_")
        lines += ["Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\""]
        var output = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        for (subtype, body) in [("plain", text), ("html", html)] {
            output += Array(("--\(boundary)\r\n" + textPartHeaders(subtype: subtype).joined(separator: "\r\n") + "\r\n\r\n").utf8)
            output += body + crlf
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    /// A boundary of 128 random bits after `=_flint_`, which quoted-printable content cannot contain.
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16).leftPadded(to: 8) }.joined()
        return "=_flint_" + hex
    }

    /// RFC 5322 date-time in UTC, for example `Tue, 26 Nov 2024 16:20:05 +0000`.
    static func formatDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(value ?? 0).leftPadded(to: 2) }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func textPartHeaders(subtype: String) -> [String] {
        ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
    }
}
