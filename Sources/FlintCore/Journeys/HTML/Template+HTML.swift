/// Email HTML with its placeholders filled in, and what was changed to keep it safe.
public struct HTMLRendering: Sendable, Equatable {
    public var html: String
    /// One sentence per value that was replaced (an unsafe URL), for the run's trace.
    public var notes: [String]
}

extension Template {
    /// Where each placeholder lands when the template is email HTML, in order.
    public func htmlContexts() -> [HTMLPlaceholderContext] {
        var scanner = HTMLContextScanner()
        var contexts: [HTMLPlaceholderContext] = []
        for part in parts {
            switch part {
            case .text(let text): scanner.consume(text)
            case .placeholder: contexts.append(scanner.placeholder())
            }
        }
        return contexts
    }

    /// Why this template cannot be email HTML: one sentence per placeholder in a place no escaping
    /// makes safe (inside a tag, an unquoted or event-handler attribute, a script or style, a comment).
    public func htmlProblems() -> [String] {
        zip(paths, htmlContexts()).compactMap { path, context in
            if case .refused(let reason) = context { "{{\(path)}} \(reason)" } else { nil }
        }
    }

    /// Renders email HTML: every value HTML-escaped, and a value that starts a URL attribute kept
    /// only when it is an `http`, `https`, `mailto` or `tel` URL (else ``URLSchemeCheck/replacement``).
    public func renderHTML(value: (String) -> JSONValue?) -> HTMLRendering {
        var contexts = htmlContexts().makeIterator()
        var output = ""
        var notes: [String] = []
        for part in parts {
            guard case .placeholder(let path, let fallback) = part, let context = contexts.next() else {
                if case .text(let text) = part { output += text }
                continue
            }
            let text = Template.text(of: value(path)).flatMap { $0.isEmpty ? nil : $0 } ?? fallback ?? ""
            switch context {
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
        renderHTML { data.value(at: $0) }
    }
}
