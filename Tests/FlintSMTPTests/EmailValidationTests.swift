@testable import FlintSMTP
import Testing

@Suite("Address, header and message validation")
struct EmailValidationTests {
    @Test(arguments: [
        "ada@example.com", "first.last+tag@sub.example.co.uk", "x@localhost", "o'brien@example.ie",
        "user@[127.0.0.1]", "a_b-c=d@xn--bcher-kva.example",
    ])
    func acceptsValidAddresses(address: String) throws {
        #expect(try EmailAddress(address).address == address)
    }

    @Test(arguments: [
        "", "plain", "@example.com", "ada@", "ada@@example.com", "a@b@example.com", "ada @example.com",
        "ada@example.com\r\nBcc: victim@example.com", "ada@exa\nmple.com", "ada@example..com", ".ada@example.com",
        "ada.@example.com", "a..da@example.com", "<ada@example.com>", "ada,bob@example.com", "ada@-example.com",
        "zoë@example.com", "ada@exämple.com", "\(String(repeating: "a", count: 65))@example.com",
        "ada@\(String(repeating: "a.", count: 130))com",
    ])
    func refusesInvalidAddresses(address: String) {
        let error = #expect(throws: SMTPError.self) { try EmailAddress(address) }
        #expect(error?.kind == .invalidMessage)
        #expect(error?.isTransient == false)
    }

    @Test func displayNamesRefuseLineBreaks() throws {
        #expect(try EmailAddress("ada@example.com", name: "Ada \"the Countess\" Lovelace").name == "Ada \"the Countess\" Lovelace")
        #expect(try EmailAddress("ada@example.com", name: "").name == nil)
        #expect(throws: SMTPError.self) { try EmailAddress("ada@example.com", name: "Ada\r\nBcc: x@example.com") }
        #expect(throws: SMTPError.self) { try EmailAddress("ada@example.com", name: "Ada\u{2028}Lovelace") }
        #expect(throws: SMTPError.self) { try EmailAddress("ada@example.com", name: String(repeating: "n", count: 257)) }
    }

    @Test(arguments: ["Hello\r\nBcc: victim@example.com", "Hello\nX-Injected: 1", "Hello\rthere", "tab\there", "nul\u{0}"])
    func subjectRefusesControlCharacters(subject: String) throws {
        let from = try EmailAddress("news@flint.example"), to = [try EmailAddress("ada@example.com")]
        #expect(throws: SMTPError.self) { try EmailMessage(from: from, to: to, subject: subject, textBody: "") }
    }

    @Test func headersRefuseInjectionAndReservedNames() throws {
        #expect(try EmailHeader(name: "Reply-To", value: "support@flint.example").name == "Reply-To")
        for (name, value) in [
            ("X-Campaign", "spring\r\nBcc: victim@example.com"),
            ("X-Campaign", "spring\nBcc: victim@example.com"),
            ("X-Campaign", "spring\rsale"),
            ("X Campaign", "spring"),
            ("X-Campaign:", "spring"),
            ("", "spring"),
            ("X-Ünicode", "spring"),
            ("Content-Type", "text/html"),
            ("bcc", "victim@example.com"),
            ("MESSAGE-ID", "<x@y>"),
            ("X-Long", String(repeating: "a", count: 901)),
        ] {
            let error = #expect(throws: SMTPError.self, "\(name): \(value.debugDescription)") {
                try EmailHeader(name: name, value: value)
            }
            #expect(error?.kind == .invalidMessage)
        }
    }

    @Test func messageNeedsRecipients() throws {
        let from = try EmailAddress("news@flint.example")
        #expect(throws: SMTPError.self) { try EmailMessage(from: from, to: [], subject: "s", textBody: "t") }
    }

    @Test func messageIDIsNormalizedOrGenerated() throws {
        let from = try EmailAddress("news@flint.example"), to = [try EmailAddress("ada@example.com")]
        let given = try EmailMessage(from: from, to: to, subject: "s", textBody: "t", messageID: "abc.123@flint.example")
        #expect(given.messageID == "<abc.123@flint.example>")
        let bracketed = try EmailMessage(from: from, to: to, subject: "s", textBody: "t", messageID: "<abc@flint.example>")
        #expect(bracketed.messageID == "<abc@flint.example>")
        let generated = try EmailMessage(from: from, to: to, subject: "s", textBody: "t")
        #expect(generated.messageID.wholeMatch(of: /<[0-9a-f]{32}@flint\.example>/) != nil)
        #expect(generated.messageID != (try EmailMessage(from: from, to: to, subject: "s", textBody: "t")).messageID)
        for bad in ["no-at-sign", "a b@c", "<a@b", "a@b\r\nX: y", "@b", "a@", "<<a@b>>"] {
            #expect(throws: SMTPError.self, "\(bad.debugDescription)") {
                try EmailMessage(from: from, to: to, subject: "s", textBody: "t", messageID: bad)
            }
        }
    }
}
