import FlintCore
import Foundation
import Testing

@Suite("Base64url")
struct Base64URLTests {
    /// Foundation's base64 with the URL alphabet and no padding: the reference the table code must match.
    static func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func agreesWithFoundationAndRoundTrips() {
        var generator = SeededRandomNumberGenerator(seed: 8)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            #expect(encoded == Self.reference(bytes))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(arguments: ["A", "AAAAA", "ab+c", "ab/c", "abc=", "ab c", "é", "QR", "QUJ", "QUK"])
    func refusesWhatIsNotCanonical(_ text: String) {
        // Wrong alphabet, padding, impossible lengths, and non-zero unused bits ("QR" and "QUJ" decode
        // to the same bytes as "QQ" and "QUI" elsewhere) all decode to nothing.
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func decodesTheRFCExamples() {
        #expect(Base64URL.decode("Zm9vYmFy").map { String(decoding: $0, as: UTF8.self) } == "foobar")
        #expect(Base64URL.decode("Zm9vYg").map { String(decoding: $0, as: UTF8.self) } == "foob")
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.decode("QQ") == [0x41] && Base64URL.decode("QUI") == [0x41, 0x42])
    }
}
