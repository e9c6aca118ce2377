/// A personalization template: text with `{{path}}` and `{{path | default: "text"}}` placeholders.
///
/// Paths are `trigger.<attribute>`, `trigger.<entityReference attribute>.<field>` or
/// `customer.<field>`. Values are escaped for where the text goes (``TemplateEscaping``), so a value
/// a customer sent can never become markup in an email or break a webhook's JSON.
public struct Template: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(path: String, fallback: String?)
        /// `{{#each trigger.order.items}}`: what follows, up to ``eachEnd``, repeats for each listed record,
        /// at most ``Template/maximumRepetitions`` times; `{{item.<field>}}` reads the record's fields.
        case eachStart(path: String)
        case eachEnd
    }

    /// The most times an `{{#each}}` block repeats.
    public static let maximumRepetitions = 100

    /// The source text, kept so definitions round-trip unchanged.
    public var source: String
    public var parts: [Part]

    public init(source: String, parts: [Part]) {
        self.source = source
        self.parts = parts
    }

    /// Every path the template reads, for validation at creation: placeholders and the lists blocks
    /// repeat over; `item.` paths, which belong to their block, are in ``blocks``.
    public var paths: [String] {
        parts.compactMap { part in
            switch part {
            case .placeholder(let path, _) where !Template.isItemPath(path): path
            case .eachStart(let path): path
            default: nil
            }
        }
    }

    /// Each block's list, with the `item.` paths read inside it.
    public var blocks: [(list: String, itemPaths: [String])] {
        var blocks: [(list: String, itemPaths: [String])] = []
        for part in parts {
            switch part {
            case .eachStart(let path): blocks.append((path, []))
            case .placeholder(let path, _) where Template.isItemPath(path): blocks[blocks.count - 1].itemPaths.append(path)
            default: break
            }
        }
        return blocks
    }

    static func isItemPath(_ path: String) -> Bool {
        path == "item" || path.hasPrefix("item.")
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
    /// One line of an email header (the subject): a line break, a line or paragraph separator or any
    /// other control character in a value becomes a space, so a value can never start a header line
    /// and the email is still sent.
    case headerLine
}
