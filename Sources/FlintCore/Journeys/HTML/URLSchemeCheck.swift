/// Decides whether a value may stand as a link or image URL in email: only `http`, `https`,
/// `mailto` and `tel` URLs may, so `javascript:`, `data:`, `vbscript:` and relative tricks cannot.
public enum URLSchemeCheck {
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]
    /// What an unsafe URL is replaced with.
    public static let replacement = "#"

    /// The URL's scheme as a browser reads it (leading spaces and controls skipped, tabs and line
    /// breaks inside ignored, case folded), or nil when it has none (a relative URL).
    public static func scheme(of url: String) -> String? {
        var scheme = ""
        var started = false
        for scalar in url.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            if !started && scalar.value <= 0x20 { continue }
            started = true
            if scalar == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            guard isSchemeScalar(scalar), !(scheme.isEmpty && !isLetterScalar(scalar)) else { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }

    /// Whether `url` is an absolute URL with an allowed scheme.
    public static func isAllowed(_ url: String) -> Bool {
        scheme(of: url).map(allowedSchemes.contains) ?? false
    }

    static func isLetterScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Letters, digits, `+`, `-` and `.`: what a scheme is made of.
    static func isSchemeScalar(_ scalar: Unicode.Scalar) -> Bool {
        isLetterScalar(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "."
    }
}
