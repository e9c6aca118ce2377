extension Template {
    /// Parses template source text: literal text with `{{ path }}` and `{{ path | default: "fallback" }}`.
    ///
    /// Flint does not use swift-mustache for marketer templates, although the server renders its own
    /// pages with it: marketer templates need `| default: "..."`, which is not Mustache syntax; they must
    /// never allow unescaped output (`{{{ }}}` or `{{& }}`), so that a value a customer sent cannot become
    /// markup or break a webhook's JSON; each destination needs its own escaping (HTML, inside a JSON
    /// string, plain text); and every path must be validated against the trigger when the journey is
    /// created, not discovered missing at send time. A small parser and renderer in the dependency-free
    /// core is simpler and safer than bending Mustache to all of that.
    ///
    /// Paths are dot-separated names (`[A-Za-z_][A-Za-z0-9_]*`); whitespace inside the braces is ignored.
    /// The fallback is a double-quoted string in which `\"` and `\\` are the only escapes. There is no
    /// way to write a literal `{{` in a template.
    public static func parse(_ source: String) throws(TemplateError) -> Template {
        var scanner = TemplateScanner(source)
        return Template(source: source, parts: try scanner.parts())
    }

    /// Whether `path` is dot-separated names, each `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isValidPath(_ path: String) -> Bool {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            guard let first = segment.unicodeScalars.first, !TemplateScanner.isDigit(first) else { return false }
            return segment.unicodeScalars.allSatisfy(TemplateScanner.isNameScalar)
        }
    }
}

/// Walks a template's source one Unicode scalar at a time, so offsets are stable and a combining mark
/// can never hide a brace or a quote.
struct TemplateScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    mutating func parts() throws(TemplateError) -> [Template.Part] {
        var parts: [Template.Part] = []
        var text = String.UnicodeScalarView()
        while index < scalars.count {
            guard scalars[index] == "{", peek(1) == "{" else {
                text.append(scalars[index])
                index += 1
                continue
            }
            if peek(2) == "{" {
                throw TemplateError(
                    message: "triple braces {{{ are not supported: every value is escaped for where it goes; write {{ path }}",
                    offset: index)
            }
            if !text.isEmpty {
                parts.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
            if let block = try blockTag() {
                parts.append(block)
            } else {
                parts.append(try placeholder())
            }
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        try Self.checkBlocks(parts, source: scalars.count)
        return parts
    }

    /// Reads `{{#each path}}` or `{{/each}}` at `index`; nil (index unchanged) for a placeholder.
    private mutating func blockTag() throws(TemplateError) -> Template.Part? {
        let start = index
        var cursor = index + 2
        while cursor < scalars.count, scalars[cursor].properties.isWhitespace { cursor += 1 }
        guard cursor < scalars.count, scalars[cursor] == "#" || scalars[cursor] == "/" else { return nil }
        let opens = scalars[cursor] == "#"
        cursor += 1
        let nameStart = cursor
        while cursor < scalars.count, Self.isNameScalar(scalars[cursor]) { cursor += 1 }
        guard String(String.UnicodeScalarView(scalars[nameStart..<cursor])) == "each" else {
            throw TemplateError(message: "unknown block: the only block is {{#each trigger.<list>}} … {{/each}}", offset: start)
        }
        index = cursor
        skipWhitespace()
        var path = ""
        if opens {
            let pathStart = index
            while index < scalars.count, Self.isNameScalar(scalars[index]) || scalars[index] == "." { index += 1 }
            path = String(String.UnicodeScalarView(scalars[pathStart..<index]))
            guard Template.isValidPath(path), !path.isEmpty else {
                throw TemplateError(message: "{{#each}} needs the path of a list, such as {{#each trigger.order.items}}", offset: pathStart)
            }
            skipWhitespace()
        }
        guard index < scalars.count, isAtClose else { throw unterminated(start) }
        index += 2
        return opens ? .eachStart(path: path) : .eachEnd
    }

    /// Blocks are closed, not nested, and `item.` is read only inside one.
    static func checkBlocks(_ parts: [Template.Part], source: Int) throws(TemplateError) {
        var open = false
        for part in parts {
            switch part {
            case .eachStart:
                if open { throw TemplateError(message: "{{#each}} blocks do not nest", offset: source) }
                open = true
            case .eachEnd:
                if !open { throw TemplateError(message: "{{/each}} closes no {{#each}}", offset: source) }
                open = false
            case .placeholder(let path, _) where path == "item" || path.hasPrefix("item."):
                if !open { throw TemplateError(message: "{{\(path)}} is read inside {{#each …}} … {{/each}} only", offset: source) }
            case .text, .placeholder:
                break
            }
        }
        if open { throw TemplateError(message: "{{#each}} is not closed with {{/each}}", offset: source) }
    }

    /// Reads one placeholder; `index` is at its opening `{{`.
    private mutating func placeholder() throws(TemplateError) -> Template.Part {
        let start = index
        index += 2
        skipWhitespace()
        guard index < scalars.count else { throw unterminated(start) }
        if isAtClose {
            throw TemplateError(message: "empty placeholder: write a path such as {{ customer.firstName }}", offset: start)
        }
        let pathStart = index
        while index < scalars.count, Self.isNameScalar(scalars[index]) || scalars[index] == "." { index += 1 }
        let path = String(String.UnicodeScalarView(scalars[pathStart..<index]))
        if index < scalars.count, !isAtPathEnd {
            throw TemplateError(
                message: "bad path: \"\(scalars[index])\" is not allowed; a path is dot-separated names of letters, digits "
                    + "and _, such as trigger.location",
                offset: index)
        }
        guard !path.isEmpty, Template.isValidPath(path) else {
            throw TemplateError(
                message: "bad path \"\(path)\": a path is dot-separated names of letters, digits and _ that do not start "
                    + "with a digit, such as trigger.location",
                offset: pathStart)
        }
        skipWhitespace()
        var fallback: String?
        if index < scalars.count, scalars[index] == "|" {
            index += 1
            fallback = try defaultFilter()
            skipWhitespace()
        }
        guard index < scalars.count, hasCloseAhead else { throw unterminated(start) }
        guard isAtClose else {
            throw TemplateError(
                message: "expected }} to close the placeholder opened at character \(start), got \"\(scalars[index])\"",
                offset: index)
        }
        index += 2
        return .placeholder(path: path, fallback: fallback)
    }

    /// Reads `default: "text"` after the `|`.
    private mutating func defaultFilter() throws(TemplateError) -> String {
        skipWhitespace()
        let filterStart = index
        while index < scalars.count, Self.isNameScalar(scalars[index]) { index += 1 }
        let filter = String(String.UnicodeScalarView(scalars[filterStart..<index]))
        guard filter == "default" else {
            let found = filter.isEmpty ? "a filter name is missing after |" : "unknown filter \"\(filter)\""
            throw TemplateError(message: "\(found); the only filter is default: \"fallback\"", offset: filterStart)
        }
        skipWhitespace()
        guard index < scalars.count, scalars[index] == ":" else {
            throw TemplateError(message: "expected : after default, as in default: \"fallback\"", offset: index)
        }
        index += 1
        skipWhitespace()
        return try quotedString()
    }

    /// Reads a double-quoted fallback in which only `\"` and `\\` are escapes.
    private mutating func quotedString() throws(TemplateError) -> String {
        guard index < scalars.count, scalars[index] == "\"" else {
            throw TemplateError(message: "bad fallback: expected a double-quoted string, as in default: \"friend\"", offset: index)
        }
        let start = index
        index += 1
        var value = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" {
                index += 1
                return String(value)
            }
            if scalar == "\\" {
                guard let escaped = peek(1), escaped == "\"" || escaped == "\\" else {
                    throw TemplateError(message: "bad fallback: only \\\" and \\\\ are escapes in a fallback string", offset: index)
                }
                value.append(escaped)
                index += 2
                continue
            }
            value.append(scalar)
            index += 1
        }
        throw TemplateError(message: "bad fallback: the string is not closed with \"", offset: start)
    }

    private func unterminated(_ start: Int) -> TemplateError {
        TemplateError(message: "unterminated placeholder: {{ is not closed with }}", offset: start)
    }

    private func peek(_ distance: Int) -> Unicode.Scalar? {
        index + distance < scalars.count ? scalars[index + distance] : nil
    }

    /// Whether a `}}` follows somewhere, to tell an unterminated placeholder from a malformed one.
    private var hasCloseAhead: Bool {
        scalars[index...].indices.contains { scalars[$0] == "}" && $0 + 1 < scalars.count && scalars[$0 + 1] == "}" }
    }

    private var isAtClose: Bool { scalars[index] == "}" && peek(1) == "}" }

    private var isAtPathEnd: Bool {
        scalars[index] == "}" || scalars[index] == "|" || scalars[index].properties.isWhitespace
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isDigit(scalar) || scalar == "_"
    }
}
