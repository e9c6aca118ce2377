import Foundation

extension WebhookStep {
    /// The HTTP methods a webhook step may use.
    public static let methods = ["POST", "PUT", "PATCH", "DELETE", "GET"]

    /// Headers Flint sets itself, so a step may not set them (compared ignoring case).
    public static let reservedHeaders: Set<String> = ["idempotency-key", "flint-signature", "content-length", "host"]

    /// Whether `url` is an absolute `http` or `https` URL with a host.
    public static func isValidURL(_ url: String) -> Bool {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else { return false }
        return !url.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// What is wrong with a header name, or nil: it must be an HTTP token and not one Flint sets.
    public static func headerNameProblem(_ name: String) -> String? {
        let tokenSymbols = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        let isToken = !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || tokenSymbols.contains(scalar))
        }
        guard isToken, name.utf8.count <= 100 else {
            return "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~, at most 100)"
        }
        if reservedHeaders.contains(name.lowercased()) { return "is set by Flint and cannot be set by a step" }
        return nil
    }

    /// What is wrong with a header value, or nil. RFC 9110 `field-value`: visible ASCII, spaces and tabs
    /// inside, none at either end, at most 1,000 characters. Non-ASCII (`obs-text`) is refused too: receivers
    /// read it in different encodings, so it would arrive garbled.
    public static func headerValueProblem(_ value: String) -> String? {
        if value.utf8.count > 1_000 { return "must be at most 1000 characters" }
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x21...0x7E, 0x20, 0x09: continue
            case 0x80...: return "must be ASCII (visible characters, spaces and tabs); encode other text, for example as percent-encoding"
            default: return "must not contain control characters or line breaks"
            }
        }
        if let first = value.unicodeScalars.first, first == " " || first == "\t" { return "must not start with a space or tab" }
        if let last = value.unicodeScalars.last, last == " " || last == "\t" { return "must not end with a space or tab" }
        return nil
    }

    /// The sample every placeholder renders as when a body is checked. Escaped for a JSON string it is
    /// still no JSON value without quotes around it (the bare word `Flint`), and it starts with a letter
    /// that is no JSON escape, so a placeholder is only accepted inside a JSON string and never right
    /// after a lone backslash. Within a string any escaped value (or none) keeps the JSON valid.
    static let sampleValue = "Flint sample \"value\" \\ </b>"

    /// Why `body` cannot render to valid JSON, or nil: it is rendered with ``sampleValue`` for every
    /// placeholder, escaped for a JSON string, and the result must parse.
    public static func bodyProblem(_ body: Template) -> String? {
        let rendered = body.render(escaping: .jsonString) { _ in .string(sampleValue) }
        do {
            _ = try JSONParser.parse(rendered)
            return nil
        } catch {
            return "must be valid JSON once rendered, with every placeholder inside a JSON string "
                + "(such as {\"where\": \"{{trigger.location}}\"}); rendered with sample values it is not: \(error)"
        }
    }
}
