/// Makes and checks `Message-ID` values of the form `<left@right>`.
enum MessageIdentifier {
    /// A fresh id: 128 random bits in hex, at the sender's domain.
    static func generate(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
        return "<\(hex)@\(domain)>"
    }

    /// Accepts `left@right` with or without angle brackets and returns it with them.
    static func normalize(_ id: String) throws(SMTPError) -> String {
        var bare = Substring(id)
        if bare.hasPrefix("<") && bare.hasSuffix(">") { bare = bare.dropFirst().dropLast() }
        let parts = bare.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, bare.utf8.count <= 250,
              bare.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else {
            throw SMTPError(.invalidMessage, message: "invalid Message-ID \(String(id.prefix(80)).debugDescription): expected <left@right> in printable ASCII")
        }
        return "<\(bare)>"
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}
