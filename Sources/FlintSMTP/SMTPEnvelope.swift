/// What one SMTP transaction carries: envelope sender and recipients and the DATA bytes.
struct SMTPEnvelope: Sendable, Hashable {
    /// The `MAIL FROM` address.
    var sender: String
    /// The `RCPT TO` addresses, never empty.
    var recipients: [String]
    /// The rendered message, dot-stuffed and ending in `CRLF.CRLF`.
    var content: [UInt8]
    /// The size announced with `SIZE=` and checked against the server's limit: the rendered message's octets.
    var size: Int
    /// The `Message-ID`, echoed in the receipt.
    var messageID: String

    /// Renders and stuffs `message`.
    init(_ message: EmailMessage) {
        let rendered = MIMERenderer.render(message)
        self.init(
            sender: message.from.address,
            recipients: message.to.map(\.address),
            content: DotStuffing.encode(rendered),
            size: rendered.count,
            messageID: message.messageID
        )
    }

    init(sender: String, recipients: [String], content: [UInt8], size: Int, messageID: String) {
        self.sender = sender
        self.recipients = recipients
        self.content = content
        self.size = size
        self.messageID = messageID
    }
}
