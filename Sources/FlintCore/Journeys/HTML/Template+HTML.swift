/// Email HTML with its placeholders filled in, and what was changed to keep it safe.
public struct HTMLRendering: Sendable, Equatable {
    public var html: String
    /// One sentence per value that was replaced (an unsafe URL), for the run's trace.
    public var notes: [String]
}

extension Template {
    /// Where each placeholder lands when the template is email HTML, in order.
    public func htmlContexts() -> [HTMLPlaceholderContext] {
        scan().placeholders
    }

    /// The contexts of placeholders, and of block tags, which must stand in text so a repeated block
    /// cannot change what the markup around it means.
    private func scan() -> (placeholders: [HTMLPlaceholderContext], blocks: [HTMLPlaceholderContext]) {
        var scanner = HTMLContextScanner()
        var placeholders: [HTMLPlaceholderContext] = []
        var blocks: [HTMLPlaceholderContext] = []
        for part in parts {
            switch part {
            case .text(let text): scanner.consume(text)
            case .placeholder: placeholders.append(scanner.placeholder())
            case .eachStart, .eachEnd: blocks.append(scanner.placeholder())
            }
        }
        return (placeholders, blocks)
    }

    /// Why this template cannot be email HTML: one sentence per placeholder in a place no escaping
    /// makes safe (inside a tag, an unquoted or event-handler attribute, a script or style, a comment),
    /// and per block tag that is not in text.
    public func htmlProblems() -> [String] {
        let (placeholders, blocks) = scan()
        let placeholderPaths = parts.compactMap { if case .placeholder(let path, _) = $0 { path } else { nil } }
        var problems = zip(placeholderPaths, placeholders).compactMap { path, context in
            if case .refused(let reason) = context { "{{\(path)}} \(reason)" } else { nil }
        }
        if blocks.contains(where: { $0 != .text }) {
            problems.append("{{#each}} and {{/each}} must stand in text, between elements, not inside a tag, an attribute, a script or a comment")
        }
        return problems
    }

    /// Renders email HTML: every value HTML-escaped, and a value that starts a URL attribute kept
    /// only when it is an `http`, `https`, `mailto` or `tel` URL (else ``URLSchemeCheck/replacement``).
    public func renderHTML(value: (String) -> JSONValue?, items: (String) -> [JSONObject] = { _ in [] }) -> HTMLRendering {
        let contexts = htmlContexts()
        var output = ""
        var notes: [String] = []
        for piece in pieces(value: value, items: items) {
            guard case .value(let path, let valueText, let fallback, let ordinal) = piece, ordinal < contexts.count else {
                if case .text(let text) = piece { output += text }
                continue
            }
            let text = valueText.flatMap { $0.isEmpty ? nil : $0 } ?? fallback ?? ""
            switch contexts[ordinal] {
            case .urlStart(let attribute) where !text.isEmpty && !URLSchemeCheck.isAllowed(text):
                output += URLSchemeCheck.replacement
                let scheme = URLSchemeCheck.scheme(of: text).map { "a \($0): URL" } ?? "not an absolute URL"
                notes.append("{{\(path)}} in \(attribute) was \(scheme), not http, https, mailto or tel, so it became \(URLSchemeCheck.replacement)")
            case .text, .attributeValue, .urlStart:
                output += TemplateEscaping.escapeHTML(text)
            case .refused(let reason):
                notes.append("{{\(path)}} \(reason), so it was left out")
            }
        }
        return HTMLRendering(html: output, notes: notes)
    }

    /// Renders email HTML with the values of a journey run.
    public func renderHTML(data: JourneyData) -> HTMLRendering {
        renderHTML(value: { data.value(at: $0) }, items: { data.items(at: $0) })
    }
}
