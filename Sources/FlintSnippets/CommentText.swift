/// Makes free text (titles, descriptions) safe to place in comments and markup.
///
/// Every form folds line breaks into spaces, so text can never leave a line comment, and drops
/// control and bidirectional-override characters; other non-ASCII text is kept as it is.
enum CommentText {
    /// Text for a line comment (`#`, `//`, `///`): one line, no control characters.
    static func line(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if isLineBreakOrControl(scalar) {
                if !result.isEmpty, result.last != " " { result.unicodeScalars.append(" ") }
            } else if !isBidirectionalControl(scalar) {
                result.unicodeScalars.append(scalar)
            }
        }
        return result.trimmingTrailingSpaces()
    }

    /// Text for a block comment (`/* */`, `/** */`): `*/` cannot close it and, for languages where
    /// block comments nest (Swift, Kotlin), `/*` cannot open another.
    static func block(_ text: String) -> String {
        line(text).replacingAll("*/", with: "* /").replacingAll("/*", with: "/ *")
    }

    /// Text for a block comment inside an HTML `<script>`: also never `</` (`</script>`) or `<!--`.
    static func scriptBlock(_ text: String) -> String {
        block(text).replacingAll("</", with: "< /").replacingAll("<!--", with: "<! --")
    }

    /// Text for HTML content or a quoted attribute value.
    static func html(_ text: String) -> String {
        var result = ""
        for character in line(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Text for XML documentation comments (C# `///`).
    static func xml(_ text: String) -> String {
        var result = ""
        for character in line(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    static func isLineBreakOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Embedding and override controls that can make code read differently from how it compiles.
    static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}
