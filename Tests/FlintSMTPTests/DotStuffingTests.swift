@testable import FlintSMTP
import Testing

@Suite("Dot-stuffing for DATA")
struct DotStuffingTests {
    func stuff(_ text: String) -> String { String(decoding: DotStuffing.encode(Array(text.utf8)), as: UTF8.self) }

    @Test func linesStartingWithADotGetAnotherDot() {
        #expect(stuff(".first\r\nmiddle\r\n.\r\n..two\r\nnot.here\r\n") == "..first\r\nmiddle\r\n..\r\n...two\r\nnot.here\r\n.\r\n")
    }

    @Test func terminatorIsAppendedAfterACompleteLine() {
        #expect(stuff("body\r\n") == "body\r\n.\r\n")
        #expect(stuff("body") == "body\r\n.\r\n")
        #expect(stuff("") == ".\r\n")
    }

    @Test func bareLineEndingsBecomeCRLF() {
        #expect(stuff("a\nb\rc\r\n.d\n") == "a\r\nb\r\nc\r\n..d\r\n.\r\n")
    }

    @Test func stuffedContentNeverContainsTheTerminatorEarly() {
        let hostile = "x\r\n.\r\nQUIT\r\n.\r\n"
        let stuffed = stuff(hostile)
        #expect(stuffed.components(separatedBy: "\r\n.\r\n").count == 2)
        #expect(stuffed.hasSuffix("\r\n.\r\n"))
    }
}
