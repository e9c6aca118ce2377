/// Proof that the server accepted a message: its reply to the end of DATA (which often carries the
/// server's queue id) and the message's `Message-ID`.
public struct SMTPReceipt: Sendable, Hashable {
    /// The server's reply to the message data, usually `250 OK queued as ...`.
    public let reply: SMTPReply
    /// The `Message-ID` header the message was sent with, in angle brackets.
    public let messageID: String

    /// Creates a receipt.
    public init(reply: SMTPReply, messageID: String) {
        self.reply = reply
        self.messageID = messageID
    }
}
