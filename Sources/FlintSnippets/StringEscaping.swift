/// Escaping helpers shared by the languages' literal rules.
enum StringEscaping {
    /// `text` between `quote`s, with every scalar that `escape` returns a replacement for replaced.
    static func quoted(_ text: String, quote: String = "\"", _ escape: (Unicode.Scalar) -> String?) -> String {
        var result = quote
        for scalar in text.unicodeScalars {
            if let replacement = escape(scalar) {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + quote
    }

    /// A double-quoted literal in the C family's style: `"`, `\`, newline, carriage return and tab get
    /// their backslash escapes; `special` adds a language's own (`$` in Kotlin, `<` in JavaScript), and
    /// `other` spells any further scalar that needs it (control and bidi characters), or returns nil.
    static func cStyle(
        _ text: String, special: [Unicode.Scalar: String] = [:], other: (Unicode.Scalar) -> String?
    ) -> String {
        quoted(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: special[scalar] ?? other(scalar)
            }
        }
    }

    /// `value` in upper-case hexadecimal, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Whether a scalar is a control character or a line separator that literals must spell as an escape.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        CommentText.isLineBreakOrControl(scalar) || CommentText.isBidirectionalControl(scalar)
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) -> String {
        cStyle(text) { needsEscape($0) ? "\\u" + hex($0.value, digits: 4) : nil }
    }

    /// `\uXXXX` escapes of `scalar`'s UTF-16 code units, for languages whose `\u` takes four digits.
    static func utf16Escapes(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf16.map { "\\u" + hex(UInt32($0), digits: 4) }.joined()
    }
}
