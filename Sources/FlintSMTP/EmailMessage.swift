import Foundation

/// One email ready to render and send: sender, recipients, subject, a text body and an optional HTML body.
///
/// Everything that ends up in a header is validated on creation, so a value taken from a customer
/// profile or a template cannot inject extra header lines (CR/LF) or override the structural headers.
public struct EmailMessage: Sendable, Hashable {
    /// The author, used for the `From` header and as the envelope sender (`MAIL FROM`).
    public let from: EmailAddress
    /// The recipients, used for the `To` header and the envelope (`RCPT TO`); never empty.
    public let to: [EmailAddress]
    /// The subject line; any Unicode without control characters.
    public let subject: String
    /// The plain-text body.
    public let textBody: String
    /// The HTML body; when present the message is `multipart/alternative`.
    public let htmlBody: String?
    /// Further headers in order, such as `Reply-To` or `List-Unsubscribe`.
    public let headers: [EmailHeader]
    /// The `Message-ID` in angle brackets, for threading, deduplication and the receipt.
    public let messageID: String
    /// The `Date` header.
    public let date: Date

    /// Validates and creates a message. When `messageID` is nil a random `<hex@sender-domain>` is made.
    public init(
        from: EmailAddress,
        to: [EmailAddress],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [EmailHeader] = [],
        messageID: String? = nil,
        date: Date = Date()
    ) throws(SMTPError) {
        guard !to.isEmpty else { throw SMTPError(.invalidMessage, message: "a message needs at least one recipient") }
        guard subject.unicodeScalars.allSatisfy({ !EmailAddress.isControl($0) }) else {
            throw SMTPError(.invalidMessage, message: "subject contains a control character (CR, LF, ...)")
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.messageID = try messageID.map { id throws(SMTPError) in try MessageIdentifier.normalize(id) }
            ?? MessageIdentifier.generate(domain: String(from.domain))
        self.date = date
    }
}
