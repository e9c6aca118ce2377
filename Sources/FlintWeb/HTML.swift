/// A fragment of HTML that is safe to put on a page: text goes in escaped, markup only from Flint's
/// own literals. Every value a user or a sender chose (titles, attribute values, problems) enters as
/// text through interpolation, so it shows as text and never runs.
///
///     let row: HTML = "<td>\(trigger.title)</td>"        // the title is escaped
///     let cell: HTML = "<td>\(badge)</td>"               // an HTML value is kept as markup
public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, already escaped where it holds text.
    public private(set) var markup: String

    public init(markup: String) {
        self.markup = markup
    }

    public init(stringLiteral literal: String) {
        markup = literal
    }

    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    public var description: String { markup }

    public static let empty = HTML(markup: "")

    /// `parts` one after another.
    public static func joined(_ parts: some Sequence<HTML>, separator: HTML = .empty) -> HTML {
        HTML(markup: parts.map(\.markup).joined(separator: separator.markup))
    }

    /// `html` when `condition` holds, else nothing. Use it rather than `cond ? "<b>" : ""` inside an
    /// interpolation: there the literals would be taken as text and escaped.
    public static func when(_ condition: Bool, _ html: HTML) -> HTML {
        condition ? html : .empty
    }

    public static func + (left: HTML, right: HTML) -> HTML {
        HTML(markup: left.markup + right.markup)
    }

    public static func += (left: inout HTML, right: HTML) {
        left.markup += right.markup
    }

    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        /// Text: escaped for both element content and quoted attribute values.
        public mutating func appendInterpolation(_ text: String) {
            markup += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ text: String?) {
            if let text { markup += HTML.escape(text) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }

        /// Markup built by Flint: kept as it is.
        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { markup += part.markup }
        }
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
