/// A personalization template: text with `{{path}}` and `{{path | default: "text"}}` placeholders.
///
/// Paths are `trigger.<attribute>`, `trigger.<entityReference attribute>.<field>` or
/// `customer.<field>`. Values are escaped for where the text goes (``TemplateEscaping``), so a value
/// a customer sent can never become markup in an email or break a webhook's JSON.
public struct Template: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(path: String, fallback: String?)
    }

    /// The source text, kept so definitions round-trip unchanged.
    public var source: String
    public var parts: [Part]

    public init(source: String, parts: [Part]) {
        self.source = source
        self.parts = parts
    }

    /// Every path the template reads, for validation at creation.
    public var paths: [String] {
        parts.compactMap { if case .placeholder(let path, _) = $0 { path } else { nil } }
    }
}

/// How values are escaped when a template is rendered.
/// Email HTML is not among them: it is rendered by ``Template/renderHTML(value:)``, which also knows
/// where in the markup each value lands.
public enum TemplateEscaping: Sendable, Equatable {
    /// Inside a JSON string literal of a webhook body: quotes, backslashes and control characters are escaped.
    case jsonString
    /// SMS and plain-text email: values are inserted as they are.
    case plain
}
