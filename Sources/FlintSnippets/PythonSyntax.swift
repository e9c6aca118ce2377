import FlintCore

/// Python 3: snake_case names, keywords escaped with a trailing underscore (`class_`).
struct PythonSyntax: SnippetSyntax {
    /// Python 3's keywords (`keyword.kwlist`, 3.7 to 3.13): none can name a parameter. The soft
    /// keywords (`match`, `case`, `type`, `_`) are keywords only at the start of their statements,
    /// so they stay usable as parameter and keyword-argument names and are left as they are.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// The generated function's own names all start with `_`, which converted names never do.
    var reservedWords: Set<String> { Self.keywords }

    func parameterName(_ words: [String]) -> String { IdentifierWords.snakeCase(words) }

    func escapedIdentifier(_ name: String) -> String {
        reservedWords.contains(name) ? name + "_" : name
    }

    /// A double-quoted string literal in printable ASCII (`\u00E9`, `\U0001F389`); every backslash
    /// is escaped, so `\N{...}` and other escapes in the text stay text.
    func literal(_ text: String) -> String {
        StringEscaping.cStyle(text, spell: Self.unicodeEscape)
    }

    /// Text for a line inside the function's `"""` docstring, which is a string literal too: one
    /// line (``CommentText/line(_:)``), printable ASCII, every backslash and quote escaped, so it can
    /// neither close the docstring nor be read as another escape.
    func docstring(_ text: String) -> String {
        StringEscaping.escaped(CommentText.line(text), spell: Self.unicodeEscape)
    }

    static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        scalar.value > 0xFFFF
            ? "\\U" + StringEscaping.hex(scalar.value, digits: 8) : "\\u" + StringEscaping.hex(scalar.value, digits: 4)
    }

    func comment(_ lines: [String]) -> String {
        lines.map { "# " + CommentText.line($0) }.joined(separator: "\n")
    }

    func type(of field: SnippetField) -> String {
        let base = switch field.type {
        case .text, .entityReference, .entityReferenceList: "str"
        case .number: "float"
        case .boolean: "bool"
        case .datetime: "datetime | str"
        }
        return field.required ? base : base + " | None"
    }

    func value(_ parameter: SnippetParameter) -> String {
        parameter.field.type == .datetime ? "_rfc3339(\(parameter.identifier))" : parameter.identifier
    }

    func example(_ field: SnippetField, _ example: String) -> String {
        switch field.type {
        case .number: example
        case .boolean: example == "true" ? "True" : "False"
        case .datetime: "datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)"
        case .text, .entityReference, .entityReferenceList: literal(example)
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        var declarations: [String] = []
        var keywordOnly = false
        for parameter in parameters {
            if !parameter.field.isAttribute, parameter.field.role != .authId, !keywordOnly {
                declarations.append("*,")
                keywordOnly = true
            }
            let type = type(of: parameter.field)
            declarations.append(parameter.identifier + ": " + type + (parameter.field.required ? "," : " = None,"))
        }
        var event = ["\"trigger\": \(literal(model.trigger.name)),"]
        var optional: [String] = []
        var attributes: [String] = []
        for parameter in parameters {
            let field = parameter.field
            let key = literal(field.jsonKey)
            switch (field.role, field.required) {
            case (.messageId, _):
                event.append("\(key): \(parameter.identifier) or _new_message_id(),")
            case (.attribute, true):
                attributes.append("\(key): \(value(parameter)),")
            case (.attribute, false):
                optional.append("if \(parameter.identifier) is not None:\n    _event[\"attributes\"][\(key)] = \(value(parameter))")
            case (_, true):
                event.append("\(key): \(value(parameter)),")
            case (_, false):
                optional.append("if \(parameter.identifier) is not None:\n    _event[\(key)] = \(value(parameter))")
            }
        }
        event.append(attributes.isEmpty ? "\"attributes\": {}," : "\"attributes\": {\n    " + attributes.joined(separator: "\n    ") + "\n},")
        let keySetup: String = switch model.key {
        case .publishable(let key): comment(model.keyExplanation) + "\nFLINT_KEY = \(literal(key))"
        case .secret: comment(model.keyExplanation) + "\nFLINT_KEY = _os.environ.get(\(literal(SnippetKey.environmentVariable)), \"\")"
        }
        let own: [String: String] = [
            "KEY_SETUP": keySetup,
            "FUNCTION_NAME": IdentifierWords.snakeCase(model.functionWords),
            "PARAMETERS": declarations.joined(separator: "\n"),
            "SUMMARY": docstring(functionSummary(for: model)),
            "PARAMETER_DOCS": parameters.map { "\($0.identifier): \(docstring($0.field.summary))" }.joined(separator: "\n"),
            "EVENT": event.joined(separator: "\n"),
            "OPTIONAL": optional.joined(separator: "\n"),
            "EXAMPLE_ARGUMENTS": parameters.compactMap { parameter in
                parameter.field.example.map { "\(parameter.identifier)=\(example(parameter.field, $0))," }
            }.joined(separator: "\n"),
        ]
        return sharedPlaceholders(for: model, language: .python, comment: { comment($0) }, literal: literal)
            .merging(own) { _, own in own }
    }
}
