@testable import FlintSMTP
import Testing

@Suite("Quoted-printable")
struct QuotedPrintableTests {
    static let samples = [
        "",
        "plain ascii",
        "Grüße, 世界 🎉 — naïve café",
        "a = b == c =3D d",
        "trailing space \nand tab\t\nend ",
        "From the start of a line\nFrom here too",
        ".a dot first\n..two dots",
        String(repeating: "x", count: 2_000),
        String(repeating: "€", count: 500),
        String(repeating: "word ", count: 300),
        "mixed\r\nline\rendings\nhere",
        "control \u{0} \u{7} \u{7F} bytes",
    ]

    @Test(arguments: samples)
    func roundTripsWithCRLFLineBreaks(text: String) {
        let encoded = QuotedPrintable.encode(text)
        let decoded = String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self)
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(decoded == expected)
    }

    @Test(arguments: samples)
    func encodedLinesArePrintableASCIIAndAtMost76Octets(text: String) {
        let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
        for line in encoded.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 76)
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing whitespace would be stripped in transit")
        }
        #expect(!encoded.utf8.contains(0x0A) || encoded.contains("\r\n"))
    }

    @Test func knownEncodings() {
        func encode(_ text: String) -> String { String(decoding: QuotedPrintable.encode(text), as: UTF8.self) }
        #expect(encode("é") == "=C3=A9")
        #expect(encode("a=b") == "a=3Db")
        #expect(encode("end ") == "end=20")
        #expect(encode("From me") == "=46rom me")
        #expect(encode("a\nb") == "a\r\nb")
        #expect(encode(String(repeating: "a", count: 80)) == String(repeating: "a", count: 75) + "=\r\n" + "aaaaa")
    }

    @Test func decoderKeepsMalformedEscapes() {
        #expect(QuotedPrintable.decode(Array("a=ZZb=".utf8)) == Array("a=ZZb=".utf8))
        #expect(QuotedPrintable.decode(Array("soft=\r\nbreak=3d".utf8)) == Array("softbreak=".utf8))
    }
}
