/// Makes free text (titles, descriptions, summaries) safe to place in comments, documentation and markup.
///
/// Every language renders such text through ``line(_:)``, the one sanitizer: it keeps the text on
/// one line, drops every invisible formatting character, and breaks up every sequence that ends,
/// opens or escapes a comment in any snippet language, so the text can only ever be read as text.
/// Readable non-ASCII text (accents, CJK, emoji) is kept.
enum CommentText {
    /// Text for any comment, documentation line or markup: one line of visible characters.
    ///
    /// - Line terminators of every language (`\n`, `\r`, U+000B, U+000C, U+0085 NEL, U+2028, U+2029)
    ///   and other control characters become a space, so the text can never leave a line comment
    ///   or start a line of its own (C# `#line`, Swift `#sourceLocation`, a heredoc terminator).
    /// - Format characters (bidirectional overrides and isolates, zero-width characters, the byte
    ///   order mark) are dropped, so the text reads as it compiles (Trojan Source).
    /// - `*/` and `/*` are broken up (block comments, and Swift and Kotlin nest them), as are `</`,
    ///   `<!--` and `-->` (a page's `<script>`, HTML-like comments in JavaScript).
    static func line(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if isLineBreakOrControl(scalar) {
                if !result.isEmpty, result.last != " " { result.unicodeScalars.append(" ") }
            } else if !isInvisibleFormatting(scalar) {
                result.unicodeScalars.append(scalar)
            }
        }
        for (delimiter, brokenUp) in delimiters {
            result = result.replacingAll(delimiter, with: brokenUp)
        }
        return result.trimmingTrailingSpaces()
    }

    /// Comment delimiters of the snippet languages and how they are written instead. `<!--` comes
    /// before `-->` so that `<!-->` is broken up once; no replacement creates another delimiter.
    static let delimiters: [(String, String)] = [
        ("*/", "* /"), ("/*", "/ *"), ("</", "< /"), ("<!--", "<! --"), ("-->", "-- >"),
    ]

    /// Text for HTML content or a quoted attribute value.
    static func html(_ text: String) -> String {
        markup(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    /// Text for XML documentation comments (C# `///`).
    static func xml(_ text: String) -> String {
        markup(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;"])
    }

    static func markup(_ text: String, _ entities: [Character: String]) -> String {
        var result = ""
        for character in line(text) {
            if let entity = entities[character] { result += entity } else { result.append(character) }
        }
        return result
    }

    /// Control characters (C0, DEL, C1 including NEL) and the Unicode line and paragraph separators.
    static func isLineBreakOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// Characters that are not seen but change how text is shown or read: bidirectional embeddings,
    /// overrides, isolates and marks, zero-width characters, the byte order mark, and other format
    /// characters (Unicode category Cf); also surrogates and private-use characters.
    static func isInvisibleFormatting(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .surrogate, .privateUse: true
        default: false
        }
    }
}
