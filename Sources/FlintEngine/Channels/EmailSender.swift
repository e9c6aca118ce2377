import FlintCore
import FlintSMTP
import Foundation

/// Sends journey emails over SMTP (`FLINT_SMTP_URL`), from `FLINT_EMAIL_FROM`.
public struct EmailSender: Sendable {
    private let client: SMTPClient
    private let from: EmailAddress

    public init(configuration: SMTPConfiguration, from: String) throws {
        self.client = SMTPClient(configuration: configuration)
        self.from = try EmailAddress(from)
    }

    /// Sends once; the caller retries transient failures. The `Message-ID` is derived from the
    /// send's idempotency key, so a resend after a crash carries the same id and receivers can drop it.
    public func send(
        to recipient: String, subject: String, html: String, text: String, headers: [String: String] = [:], idempotencyKey: String,
        date: Date
    ) async throws(DeliveryError) -> String {
        let message: EmailMessage
        do {
            let domain = from.address.split(separator: "@").last.map(String.init) ?? "flint.invalid"
            let id = idempotencyKey.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "." }.joined()
            let extra = try headers.keys.sorted().map { name throws(SMTPError) in try EmailHeader(name: name, value: headers[name]!) }
            message = try EmailMessage(
                from: from, to: [try EmailAddress(recipient)], subject: subject, textBody: text, htmlBody: html, headers: extra,
                messageID: "<\(id)@\(domain)>", date: date)
        } catch {
            throw DeliveryError("cannot send to \(recipient): \(error)", isTransient: false)
        }
        do {
            let receipt = try await client.send(message)
            return "to \(recipient), \(receipt.messageID)"
        } catch let error as SMTPError {
            throw DeliveryError("SMTP: \(error)", isTransient: error.isTransient)
        } catch {
            throw DeliveryError("SMTP: \(error)", isTransient: true)
        }
    }
}
