import FlintCore

/// C#: camelCase parameters, a PascalCase method, keywords escaped with `@` (`@class`).
struct CSharpSyntax: SnippetSyntax {
    /// The C# reference's keywords (never an identifier) and contextual keywords (C# 12): `@` is
    /// allowed on any identifier, and several contextual ones break where parameters are used
    /// (`await` in the async method, `var`, `nameof` and `dynamic` change what an expression means).
    static let keywords: Set<String> = [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        // Contextual keywords.
        "add", "allows", "alias", "and", "ascending", "args", "async", "await", "by", "descending", "dynamic",
        "equals", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed",
        "nameof", "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove",
        "required", "scoped", "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    ]

    var reservedWords: Set<String> { Self.keywords }

    var internalNames: Set<String> { ["attributes", "flintEvent", "cancellationToken"] }

    func parameterName(_ words: [String]) -> String { IdentifierWords.camelCase(words) }

    func escapedIdentifier(_ name: String) -> String {
        reservedWords.contains(name) ? "@" + name : name
    }

    /// A regular (never interpolated or verbatim) string literal in printable ASCII (`\u00E9`).
    func literal(_ text: String) -> String {
        StringEscaping.cStyle(text, spell: StringEscaping.utf16Escapes)
    }

    func comment(_ lines: [String]) -> String {
        lines.map { "// " + CommentText.line($0) }.joined(separator: "\n")
    }

    /// The parameter's declaration: `double? amount = null`.
    func declaration(_ parameter: SnippetParameter) -> String {
        let field = parameter.field
        let type = switch field.type {
        case .text, .entityReference, .entityReferenceList: "string"
        case .number: field.required ? "double" : "double?"
        case .boolean: field.required ? "bool" : "bool?"
        case .datetime: field.required ? "DateTimeOffset" : "DateTimeOffset?"
        }
        return type + " " + parameter.identifier + (field.required ? "" : " = null")
    }

    func example(_ field: SnippetField, _ example: String) -> String {
        switch field.type {
        case .number, .boolean: example
        case .datetime: "new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)"
        case .text, .entityReference, .entityReferenceList: literal(example)
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        var checks: [String] = []
        var attributes: [String] = []
        var event = ["flintEvent.Add(\"trigger\", \(literal(model.trigger.name)));"]
        for parameter in parameters {
            let field = parameter.field
            let name = parameter.identifier
            let key = literal(field.jsonKey)
            let isReference = field.type == .text || field.type == .entityReference
            if field.required, isReference {
                checks.append("if (\(name) == null) throw new ArgumentNullException(\(literal(parameter.name)));")
            }
            let add = field.required || isReference ? "Add(\(key), \(name));" : "Add(\(key), \(name).Value);"
            let guarded = "if (\(name) != null) "
            switch (field.role, field.required) {
            case (.messageId, _): event.append("flintEvent.Add(\(key), \(name) ?? Guid.NewGuid().ToString());")
            case (.attribute, true): attributes.append("attributes." + add)
            case (.attribute, false): attributes.append(guarded + "attributes." + add)
            case (_, true): event.append("flintEvent." + add)
            case (_, false): event.append(guarded + "flintEvent." + add)
            }
        }
        var documentation = ["<summary>\(CommentText.xml(functionSummary(for: model)))</summary>"]
        documentation += parameters.map { "<param name=\"\($0.name)\">\(CommentText.xml($0.field.summary))</param>" }
        documentation += [
            "<param name=\"cancellationToken\">Cancels the send, and the waits between retries.</param>",
            "<returns>Flint's HTTP status and answer: 202 accepted, 200 duplicate, 400 rejected (final; the",
            "answer names each problem).</returns>",
            "<exception cref=\"HttpRequestException\">Flint stays unreachable after the retries.</exception>",
            "<exception cref=\"TaskCanceledException\">Flint's answers time out after the retries, or",
            "<paramref name=\"cancellationToken\"/> is cancelled.</exception>",
        ]
        let keySetup: String = switch model.key {
        case .publishable(let key): comment(model.keyExplanation) + "\nstatic readonly string Key = \(literal(key));"
        case .secret:
            comment(model.keyExplanation)
                + "\nstatic readonly string Key = Environment.GetEnvironmentVariable(\(literal(SnippetKey.environmentVariable))) ?? \"\";"
        }
        let own: [String: String] = [
            "KEY_SETUP": keySetup,
            "DOCUMENTATION": documentation.map { "/// " + $0 }.joined(separator: "\n"),
            "FUNCTION_NAME": IdentifierWords.pascalCase(model.functionWords) + "Async",
            "TRIGGER_NAME": CommentText.xml(model.trigger.name),
            "PARAMETERS": (parameters.map(declaration) + ["CancellationToken cancellationToken = default(CancellationToken)"])
                .joined(separator: ",\n"),
            "CHECKS": checks.joined(separator: "\n"),
            "ATTRIBUTES": attributes.joined(separator: "\n"),
            "EVENT": event.joined(separator: "\n"),
            "EXAMPLE_ARGUMENTS": parameters.compactMap { parameter in
                parameter.field.example.map { "\(parameter.identifier): \(example(parameter.field, $0))" }
            }.joined(separator: ",\n"),
        ]
        return sharedPlaceholders(for: model, language: .csharp, comment: { comment($0) }, literal: literal)
            .merging(own) { _, own in own }
    }
}
