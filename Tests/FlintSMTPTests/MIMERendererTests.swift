import Foundation
@testable import FlintSMTP
import Testing

@Suite("MIME rendering")
struct MIMERendererTests {
    static let date = Date(timeIntervalSince1970: 1_732_638_005)  // Tue, 26 Nov 2024 16:20:05 UTC

    static func message(
        subject: String = "Welcome to Flint",
        text: String = "Hello Ada,\nwelcome aboard.\n",
        html: String? = nil,
        headers: [EmailHeader] = [],
        to: [EmailAddress]? = nil
    ) throws -> EmailMessage {
        try EmailMessage(
            from: EmailAddress("news@flint.example", name: "Flint News"),
            to: to ?? [EmailAddress("ada@example.com", name: "Ada Lovelace")],
            subject: subject, textBody: text, htmlBody: html, headers: headers,
            messageID: "journey-7.step-2@flint.example", date: date
        )
    }

    @Test func plainMessageHasTheStandardHeadersInOrder() throws {
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message()))
        #expect(rendered.headers.map(\.name) == [
            "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        ])
        #expect(rendered.header("Date") == "Tue, 26 Nov 2024 16:20:05 +0000")
        #expect(rendered.header("From") == "Flint News <news@flint.example>")
        #expect(rendered.header("To") == "Ada Lovelace <ada@example.com>")
        #expect(rendered.header("Subject") == "Welcome to Flint")
        #expect(rendered.header("Message-ID") == "<journey-7.step-2@flint.example>")
        #expect(rendered.header("MIME-Version") == "1.0")
        #expect(rendered.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(rendered.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(rendered.body == "Hello Ada,\r\nwelcome aboard.\r\n")
    }

    @Test func everyLineEndsInCRLFAndStaysShort() throws {
        let longWord = String(repeating: "x", count: 5_000)
        let message = try Self.message(
            subject: "A subject that goes on and on " + String(repeating: "and on ", count: 40) + longWord,
            text: "short\nline\r\n" + longWord + "\r" + String(repeating: "ü ", count: 3_000),
            html: "<p>" + String(repeating: "<b>bold</b>", count: 1_000) + "</p>"
        )
        let raw = MIMERenderer.render(message)
        for (index, byte) in raw.enumerated() where byte == 0x0A {
            #expect(index > 0 && raw[index - 1] == 0x0D, "bare LF at \(index)")
        }
        for (index, byte) in raw.enumerated() where byte == 0x0D {
            #expect(index + 1 < raw.count && raw[index + 1] == 0x0A, "bare CR at \(index)")
        }
        let lines = RenderedMessage(raw).lines
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "folding and quoted-printable keep even long content under 78")
        #expect(raw.allSatisfy { $0 < 0x80 }, "the rendered message is 7-bit clean")
    }

    @Test func nonASCIISubjectAndNamesBecomeEncodedWords() throws {
        let subject = "Grüße aus Zürich — 你好，世界 🎉 and a long tail of words to make it fold twice over"
        let message = try Self.message(subject: subject, to: [EmailAddress("zoe@example.com", name: "Zoë Ødegård")])
        let rendered = RenderedMessage(MIMERenderer.render(message))
        let rawSubject = rendered.headers.first { $0.name == "Subject" }!.value
        #expect(rawSubject.hasPrefix("=?UTF-8?B?"))
        #expect(rawSubject.split(separator: " ").allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") })
        #expect(rendered.header("Subject") == subject)
        #expect(rendered.header("To") == "Zoë Ødegård <zoe@example.com>")
    }

    @Test func asciiThatLooksLikeAnEncodedWordIsEncoded() throws {
        let subject = "Use =?UTF-8?B?aGk=?= literally"
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message(subject: subject)))
        #expect(rendered.headers.first { $0.name == "Subject" }!.value.hasPrefix("=?UTF-8?B?"))
        #expect(rendered.header("Subject") == subject)
    }

    @Test func longASCIISubjectFoldsAtSpacesAndUnfoldsBack() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message(subject: subject)))
        #expect(rendered.text.contains("\r\n word"))
        #expect(rendered.header("Subject") == subject)
    }

    @Test func displayNamesWithSpecialsAreQuoted() throws {
        let to = [
            try EmailAddress("ada@example.com", name: "Lovelace, Ada \"Countess\""),
            try EmailAddress("bob@example.com"),
            try EmailAddress("carol@example.com", name: "Carol"),
        ]
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message(to: to)))
        #expect(rendered.header("To") == #""Lovelace, Ada \"Countess\"" <ada@example.com>, bob@example.com, Carol <carol@example.com>"#)
    }

    @Test func htmlMakesMultipartAlternativeWithBothParts() throws {
        let text = "Hi Ada 👋\n.starts with a dot\nFrom here on\nprice = 5 €"
        let html = "<html><body><p style=\"color: red\">Hi Ada 👋</p>\n<p>price = 5 €</p></body></html>"
        let boundary = "=_test_boundary"
        let raw = MIMERenderer.render(try Self.message(text: text, html: html), boundary: boundary)
        let rendered = RenderedMessage(raw)
        #expect(rendered.header("Content-Type") == "multipart/alternative; boundary=\"\(boundary)\"")
        #expect(rendered.header("Content-Transfer-Encoding") == nil)
        let parts = rendered.body.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4, "preamble, text, html, closing")
        #expect(parts[3] == "--\r\n")
        let textPart = RenderedMessage(Array(parts[1].utf8.dropFirst(2)))
        #expect(textPart.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(textPart.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(String(decoding: QuotedPrintable.decode(Array(textPart.body.utf8)), as: UTF8.self)
            == text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        let htmlPart = RenderedMessage(Array(parts[2].utf8.dropFirst(2)))
        #expect(htmlPart.header("Content-Type") == "text/html; charset=utf-8")
        #expect(String(decoding: QuotedPrintable.decode(Array(htmlPart.body.utf8)), as: UTF8.self)
            == html.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    @Test func randomBoundaryIsFreshAndCannotOccurInTheContent() throws {
        let first = MIMERenderer.makeBoundary(), second = MIMERenderer.makeBoundary()
        #expect(first != second)
        #expect(first.hasPrefix("=_flint_") && first.count == 40)
        // Content that tries to contain the boundary still only has the renderer's three delimiters.
        let hostile = "--\(first)\n--\(first)--\n=_flint_"
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message(text: hostile, html: hostile), boundary: first))
        #expect(rendered.body.components(separatedBy: "--\(first)").count == 4)
        #expect(rendered.lines.filter { $0.hasPrefix("--\(first)") }.count == 3)
    }

    @Test func extraHeadersAreWrittenAfterTheStandardOnes() throws {
        let headers = [
            try EmailHeader(name: "List-Unsubscribe", value: "<https://flint.example/u/42>"),
            try EmailHeader(name: "X-Flint-Journey", value: "Bienvenue à bord"),
        ]
        let rendered = RenderedMessage(MIMERenderer.render(try Self.message(headers: headers)))
        #expect(rendered.headers.map(\.name).prefix(8) == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe", "X-Flint-Journey"])
        #expect(rendered.header("List-Unsubscribe") == "<https://flint.example/u/42>")
        #expect(rendered.headers.first { $0.name == "X-Flint-Journey" }!.value.hasPrefix("=?UTF-8?B?"))
        #expect(rendered.header("X-Flint-Journey") == "Bienvenue à bord")
    }

    @Test func dateIsRFC5322InUTC() {
        #expect(MIMERenderer.formatDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMERenderer.formatDate(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
    }
}
