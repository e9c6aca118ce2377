@testable import FlintSMTP
import NIOCore
import Testing

@Suite("Reply parsing and line framing")
struct SMTPReplyParserTests {
    @Test func singleLineReply() throws {
        var parser = SMTPReplyParser()
        let reply = try parser.feed("250 OK queued as 12345")
        #expect(reply == SMTPReply(code: 250, lines: ["OK queued as 12345"]))
        #expect(reply?.isPositiveCompletion == true)
        #expect(!parser.isInsideReply)
    }

    @Test func bareCodeHasEmptyText() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250") == SMTPReply(code: 250, lines: [""]))
        #expect(try parser.feed("354 ") == SMTPReply(code: 354, lines: [""]))
    }

    @Test func multiLineReplyKeepsEveryLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-smtp.example.com greets you") == nil)
        #expect(parser.isInsideReply)
        #expect(try parser.feed("250-STARTTLS") == nil)
        #expect(try parser.feed("250-AUTH PLAIN LOGIN") == nil)
        let reply = try parser.feed("250 SIZE 1000")
        #expect(reply?.lines == ["smtp.example.com greets you", "STARTTLS", "AUTH PLAIN LOGIN", "SIZE 1000"])
        #expect(reply?.text == "smtp.example.com greets you\nSTARTTLS\nAUTH PLAIN LOGIN\nSIZE 1000")
        #expect(!parser.isInsideReply)
        #expect(try parser.feed("221 bye") == SMTPReply(code: 221, lines: ["bye"]))
    }

    @Test(arguments: ["", "25", "abc hello", "2x0 hello", "250_hello", "199 too low", "600 too high", "099 no", "-250 x"])
    func malformedLinesAreProtocolViolations(line: String) {
        var parser = SMTPReplyParser()
        let error = #expect(throws: SMTPError.self) { try parser.feed(line) }
        #expect(error?.kind == .protocolViolation)
        #expect(error?.isTransient == true)
    }

    @Test func continuationMustKeepItsCode() throws {
        var parser = SMTPReplyParser()
        _ = try parser.feed("250-first")
        #expect(throws: SMTPError.self) { try parser.feed("251 second") }
    }

    @Test func endlessRepliesAreCut() throws {
        var parser = SMTPReplyParser()
        for _ in 0..<SMTPReplyParser.maximumLineCount { _ = try parser.feed("250-x") }
        #expect(throws: SMTPError.self) { try parser.feed("250-x") }
    }

    @Test func capabilitiesComeFromTheEHLOReply() {
        let reply = SMTPReply(code: 250, lines: ["mx.example.com", "starttls", "AUTH=LOGIN", "AUTH PLAIN CRAM-MD5", "SIZE 52428800", "8BITMIME"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(capabilities.supportsSize)
        #expect(capabilities.maximumSize == 52_428_800)
        let unlimited = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["mx", "SIZE 0"]))
        #expect(unlimited.supportsSize && unlimited.maximumSize == nil)
        // The greeting line is not an extension, even when it looks like one.
        #expect(!SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["STARTTLS"])).startTLS)
    }

    @Test func framerSplitsLinesAcrossReads() throws {
        var framer = SMTPLineFramer()
        framer.append(ByteBuffer(string: "220 mx ESMTP\r\n250-a"))
        #expect(try framer.nextLine() == "220 mx ESMTP")
        #expect(try framer.nextLine() == nil)
        #expect(framer.hasBufferedBytes)
        framer.append(ByteBuffer(string: "bc\r\n250 d\n"))
        #expect(try framer.nextLine() == "250-abc")
        #expect(try framer.nextLine() == "250 d")
        #expect(try framer.nextLine() == nil)
        #expect(!framer.hasBufferedBytes)
    }

    @Test func framerRefusesEndlessLines() {
        var framer = SMTPLineFramer()
        framer.append(ByteBuffer(string: String(repeating: "a", count: SMTPLineFramer.maximumLineLength + 1)))
        #expect(throws: SMTPError.self) { try framer.nextLine() }
    }
}
