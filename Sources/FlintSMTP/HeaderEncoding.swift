import Foundation

/// Writes header fields as folded ASCII lines: RFC 2047 encoded words for non-ASCII text and
/// folding at spaces so every line stays near 78 octets and far below the 998-octet limit.
enum HeaderEncoding {
    /// Lines are folded once they would pass this many octets (RFC 5322's recommendation).
    static let preferredLineLength = 78
    /// Raw UTF-8 octets per encoded word: `=?UTF-8?B?` + 60 base64 characters + `?=` is 72, under RFC 2047's 75.
    static let encodedWordPayload = 45

    /// A complete unstructured field such as `Subject: ...`, folded, without the final CRLF.
    static func unstructured(name: String, value: String) -> String {
        fold(name: name, words: words(forText: value, nameLength: name.utf8.count))
    }

    /// A mailbox-list field such as `To: Ada <ada@example.com>, bob@example.com`, folded, without the final CRLF.
    static func addressList(name: String, _ addresses: [EmailAddress]) -> String {
        var words: [String] = []
        for (index, mailbox) in addresses.enumerated() {
            var mailboxWords = self.words(for: mailbox, nameLength: index == 0 ? name.utf8.count : 0)
            if index < addresses.count - 1 { mailboxWords[mailboxWords.count - 1] += "," }
            words += mailboxWords
        }
        return fold(name: name, words: words)
    }

    /// Whether `text` cannot travel as plain header text: non-ASCII or control characters, something a
    /// decoder would mistake for an encoded word, or a word too long to fold.
    static func needsEncoding(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value > 0x7E }
            || text.contains("=?")
            || text.split(separator: " ").contains { $0.utf8.count > EmailHeader.maximumWordLength }
    }

    /// `text` as a sequence of `=?UTF-8?B?...?=` words, each holding whole Unicode scalars. The first word
    /// is shortened so that it fits on the line after a header name of `nameLength` octets.
    static func encodedWords(_ text: String, nameLength: Int = 0) -> [String] {
        let firstLineRoom = preferredLineLength - nameLength - 2 - "=?UTF-8?B??=".utf8.count
        let firstPayload = min(encodedWordPayload, max(6, firstLineRoom / 4 * 3))
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > (words.isEmpty ? firstPayload : encodedWordPayload) {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    private static func words(forText text: String, nameLength: Int) -> [String] {
        if needsEncoding(text) { return encodedWords(text, nameLength: nameLength) }
        return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }

    private static func words(for mailbox: EmailAddress, nameLength: Int) -> [String] {
        let address = "<\(mailbox.address)>"
        guard let name = mailbox.name else { return [mailbox.address] }
        if needsEncoding(name) { return encodedWords(name, nameLength: nameLength) + [address] }
        let atext = "!#$%&'*+-/=?^_`{|}~ "
        if name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || atext.contains($0)) }),
           !name.hasPrefix(" "), !name.hasSuffix(" "), !name.contains("  ") {
            return name.split(separator: " ").map(String.init) + [address]
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\"", address]
    }

    /// Joins `name:` and the words with single spaces, folding (CRLF before the space) where a line grows too long.
    private static func fold(name: String, words: [String]) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        var lineHasWord = false
        for word in words {
            let width = word.utf8.count
            if lineLength + 1 + width > preferredLineLength, lineHasWord, !word.isEmpty {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + word
            lineLength += 1 + width
            lineHasWord = true
        }
        return output
    }
}
