/// A mailbox: an address such as `ada@example.com` and an optional display name such as `Ada Lovelace`.
///
/// Validated on creation so it can go into an SMTP envelope and a header unchanged: ASCII only, no
/// whitespace or control characters, exactly one `@`, local part at most 64 and the whole at most 254 octets.
/// Addresses that need SMTPUTF8 (non-ASCII local parts or unencoded international domains) are refused.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The bare address, as used in `MAIL FROM` and `RCPT TO`.
    public let address: String
    /// The display name shown by mail readers; any Unicode without control characters.
    public let name: String?

    /// Validates and creates a mailbox; throws `SMTPError.Kind.invalidMessage` with the reason.
    public init(_ address: String, name: String? = nil) throws(SMTPError) {
        try Self.validate(address: address)
        if let name {
            guard name.unicodeScalars.allSatisfy({ !Self.isControl($0) }) else {
                throw SMTPError(.invalidMessage, message: "display name contains a control character (CR, LF, ...)")
            }
            guard name.utf8.count <= 256 else {
                throw SMTPError(.invalidMessage, message: "display name is longer than 256 octets")
            }
        }
        self.address = address
        self.name = (name?.isEmpty ?? true) ? nil : name
    }

    /// The domain after the `@`.
    public var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    public var description: String {
        if let name { return "\(name) <\(address)>" }
        return address
    }

    private static func validate(address: String) throws(SMTPError) {
        func fail(_ reason: String) -> SMTPError {
            SMTPError(.invalidMessage, message: "invalid email address \(String(address.prefix(80)).debugDescription): \(reason)")
        }
        let scalars = address.unicodeScalars
        guard scalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw fail("only printable ASCII without spaces is allowed (no CR, LF or other control characters)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("must contain exactly one @") }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { throw fail("local part must be 1 to 64 octets") }
        guard address.utf8.count <= 254 else { throw fail("longer than 254 octets") }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw fail("local part has a misplaced dot")
        }
        guard !local.contains(where: { "<>(),;:\\\"[]".contains($0) }) else {
            throw fail("local part contains a character that needs quoting")
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]"), domain.count > 2,
                  domain.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || ".:".contains($0) || $0.isLetter })
            else { throw fail("malformed address literal") }
            return
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !domain.isEmpty, labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }) else {
            throw fail("domain has an empty or overlong label")
        }
        guard labels.allSatisfy({ label in
            label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                && !label.hasPrefix("-") && !label.hasSuffix("-")
        }) else { throw fail("domain may only hold letters, digits and inner hyphens") }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
