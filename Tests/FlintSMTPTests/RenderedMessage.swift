import Foundation
@testable import FlintSMTP

/// A rendered message split back into unfolded headers and body, for assertions.
struct RenderedMessage {
    let raw: [UInt8]
    let text: String
    /// Header fields in order, unfolded, with their raw (still encoded) values.
    let headers: [(name: String, value: String)]
    let body: String

    init(_ raw: [UInt8]) {
        self.raw = raw
        text = String(decoding: raw, as: UTF8.self)
        let split = text.range(of: "\r\n\r\n")!
        let headerBlock = text[..<split.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        headers = headerBlock.components(separatedBy: "\r\n").map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst()))
        }
        body = String(text[split.upperBound...])
    }

    /// The first header with this name, unfolded and with encoded words decoded.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }.map { Self.decodeEncodedWords($0.value) }
    }

    /// Every line of the raw message, split on CRLF.
    var lines: [Substring] { text.split(separator: "\r\n", omittingEmptySubsequences: false) }

    /// Decodes a header value made of `=?UTF-8?B?...?=` words (adjacent ones joined without their spaces).
    static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        var pending: [UInt8] = []
        var previousWasEncoded = false
        for (index, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="),
               let data = Data(base64Encoded: String(token.dropFirst(10).dropLast(2))) {
                if !previousWasEncoded && index > 0 { output += " " }
                pending += data
                previousWasEncoded = true
            } else {
                output += String(decoding: pending, as: UTF8.self)
                pending = []
                if index > 0 { output += " " }
                output += token
                previousWasEncoded = false
            }
        }
        return output + String(decoding: pending, as: UTF8.self)
    }
}
