import FlintCore

/// Kotlin: lowerCamelCase names, keywords escaped with backticks (`` `fun` ``); string literals
/// escape `$` so values can never become templates.
struct KotlinSyntax: SnippetSyntax {
    /// Every keyword of the Kotlin grammar's "Keywords and operators" page: hard keywords (never an
    /// identifier), and soft, modifier and special ones too, since backticks are always allowed
    /// and several break as a parameter name (`vararg`, `noinline`, `crossinline` are parameter
    /// modifiers); plus `yield`, which kotlinc reserves ("identifier 'yield' is reserved").
    static let keywords: Set<String> = [
        // Hard keywords.
        "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in", "interface", "is",
        "null", "object", "package", "return", "super", "this", "throw", "true", "try", "typealias", "typeof",
        "val", "var", "when", "while",
        // Soft keywords.
        "by", "catch", "constructor", "delegate", "dynamic", "field", "file", "finally", "get", "import", "init",
        "param", "property", "receiver", "set", "setparam", "value", "where", "context",
        // Modifier keywords.
        "abstract", "actual", "annotation", "companion", "const", "crossinline", "data", "enum", "expect",
        "external", "final", "infix", "inline", "inner", "internal", "lateinit", "noinline", "open", "operator",
        "out", "override", "private", "protected", "public", "reified", "sealed", "suspend", "tailrec", "vararg",
        // Special identifiers, and reserved.
        "it", "yield",
    ]

    var reservedWords: Set<String> { Self.keywords }

    var internalNames: Set<String> { ["attributes", "event", "postFlintEvent", "flintJson", "flintJsonString"] }

    func parameterName(_ words: [String]) -> String { IdentifierWords.camelCase(words) }

    func escapedIdentifier(_ name: String) -> String {
        reservedWords.contains(name) ? "`" + name + "`" : name
    }

    /// A string literal in printable ASCII (`\u00E9`); `$` is escaped, so no text becomes a template.
    func literal(_ text: String) -> String {
        StringEscaping.cStyle(text, special: ["$": "\\$"], spell: StringEscaping.utf16Escapes)
    }

    func comment(_ lines: [String]) -> String {
        lines.map { "// " + CommentText.line($0) }.joined(separator: "\n")
    }

    /// Lines of a KDoc block (`/** ... */`); ``CommentText/line(_:)`` breaks up `*/` and `/*`, which
    /// matters here since Kotlin block comments nest.
    func kdoc(_ lines: [String]) -> String {
        lines.map { $0.isEmpty ? "*" : "* " + CommentText.line($0) }.joined(separator: "\n")
    }

    func type(of field: SnippetField) -> String {
        let base = switch field.type {
        case .text, .entityReference, .entityReferenceList: "String"
        case .number: "Double"
        case .boolean: "Boolean"
        case .datetime: "Instant"
        }
        return field.required ? base : base + "? = null"
    }

    func example(_ field: SnippetField, _ example: String) -> String {
        switch field.type {
        case .number, .boolean: example
        case .datetime: "Instant.parse(\(literal(example)))"
        case .text, .entityReference, .entityReferenceList: literal(example)
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        var attributes: [String] = []
        var event = ["event[\"trigger\"] = \(literal(model.trigger.name))"]
        for parameter in parameters {
            let field = parameter.field
            let name = parameter.identifier
            let key = literal(field.jsonKey)
            switch (field.role, field.required) {
            case (.messageId, _): event.append("event[\(key)] = \(name) ?: UUID.randomUUID().toString()")
            case (.attribute, true): attributes.append("attributes[\(key)] = \(name)")
            case (.attribute, false): attributes.append("if (\(name) != null) attributes[\(key)] = \(name)")
            case (_, true): event.append("event[\(key)] = \(name)")
            case (_, false): event.append("if (\(name) != null) event[\(key)] = \(name)")
            }
        }
        var documentation = [functionSummary(for: model), ""]
        documentation += parameters.map { "@param \($0.name) \($0.field.summary)" }
        documentation += [
            "@return Flint's HTTP status and answer: 202 accepted, 200 duplicate, 400 rejected (final; the",
            "  answer names each problem).",
            "@throws java.io.IOException when Flint stays unreachable after the retries.",
        ]
        let keySetup: String = switch model.key {
        case .publishable(let key): comment(model.keyExplanation) + "\nval KEY = \(literal(key))"
        case .secret:
            comment(model.keyExplanation) + "\nval KEY: String = System.getenv(\(literal(SnippetKey.environmentVariable))) ?: \"\""
        }
        let own: [String: String] = [
            "KEY_SETUP": keySetup,
            "DOCUMENTATION": kdoc(documentation),
            "FUNCTION_NAME": IdentifierWords.camelCase(model.functionWords),
            "PARAMETERS": parameters.map { "\($0.identifier): \(type(of: $0.field))" }.joined(separator: ",\n"),
            "ATTRIBUTES": attributes.joined(separator: "\n"),
            "EVENT": event.joined(separator: "\n"),
            "EXAMPLE_ARGUMENTS": parameters.compactMap { parameter in
                parameter.field.example.map { "\(parameter.identifier) = \(example(parameter.field, $0))" }
            }.joined(separator: ",\n"),
        ]
        return sharedPlaceholders(for: model, language: .kotlin, comment: { comment($0) }, literal: literal)
            .merging(own) { _, own in own }
    }
}
