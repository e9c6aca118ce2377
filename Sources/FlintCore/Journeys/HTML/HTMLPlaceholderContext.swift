/// Where a placeholder sits in email HTML, which decides how its value is made safe.
public enum HTMLPlaceholderContext: Sendable, Equatable {
    /// Element text: the value is HTML-escaped.
    case text
    /// Inside a quoted attribute value that is not a URL's start: HTML-escaped.
    case attributeValue
    /// The start of a URL attribute's value (`href="{{…}}"`): the value must be an `http`, `https`,
    /// `mailto` or `tel` URL, or it is replaced.
    case urlStart(attribute: String)
    /// Nowhere a value may go; the journey is refused, with this reason.
    case refused(String)
}
