/// The one way snippets write string literals: printable ASCII only.
///
/// Every scalar outside printable ASCII (U+0020 to U+007E) is spelled as an escape, so no text in a
/// literal can end a line (`\r`, NEL, U+2028), reorder what is shown (bidi controls), or mean
/// something else under another encoding (a PEP 263 cookie, UTF-7); languages only choose how an
/// escape is spelled and which printable characters also need one (`$` in Kotlin, `<` in a page).
enum StringEscaping {
    /// `text` in the C family's backslash style, without the surrounding quotes: `"` and `\` are
    /// escaped, newline, carriage return and tab get their short escapes, `special` adds a language's
    /// own, and `spell` writes every other scalar outside printable ASCII.
    static func escaped(
        _ text: String, special: [Unicode.Scalar: String] = [:], spell: (Unicode.Scalar) -> String
    ) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if let replacement = special[scalar] {
                    result += replacement
                } else if isPrintableASCII(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += spell(scalar)
                }
            }
        }
        return result
    }

    /// A double-quoted literal: `"` + ``escaped(_:special:spell:)`` + `"`.
    static func cStyle(
        _ text: String, special: [Unicode.Scalar: String] = [:], spell: (Unicode.Scalar) -> String
    ) -> String {
        "\"" + escaped(text, special: special, spell: spell) + "\""
    }

    static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool {
        (0x20...0x7E).contains(scalar.value)
    }

    /// `value` in upper-case hexadecimal, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) -> String {
        cStyle(text, spell: utf16Escapes)
    }

    /// `\uXXXX` escapes of `scalar`'s UTF-16 code units (a surrogate pair beyond U+FFFF), for
    /// JavaScript, JSON, Kotlin and C#, whose `\u` takes exactly four digits.
    static func utf16Escapes(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf16.map { "\\u" + hex(UInt32($0), digits: 4) }.joined()
    }

    /// `\xHH` escapes of `scalar`'s UTF-8 bytes, for bash's `$'...'`, whose `\u` depends on the locale.
    static func utf8Escapes(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf8.map { "\\x" + hex(UInt32($0), digits: 2) }.joined()
    }
}
