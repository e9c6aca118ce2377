import FlintCore

/// Swift: lowerCamelCase names, keywords escaped with backticks (`` `class` ``).
struct SwiftSyntax: SnippetSyntax {
    /// Every keyword of The Swift Programming Language's "Keywords and Punctuation" that a converted
    /// name can spell (names start lower-case, so `Self`, `Any`, `Type` and `Protocol` never occur):
    /// the reserved ones, and the context-specific ones too, since backticks are always allowed and
    /// several break as a parameter name or in `if let name` (`await` in an async function,
    /// `consuming`, `borrowing`, `some`, `any`); plus newer contextual words (`package`, `isolated`,
    /// `nonisolated`, `sending`, `each`, `consume`, `copy`, `discard`, `macro`, `then`).
    static let keywords: Set<String> = [
        // Declarations.
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        // Statements.
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard",
        "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        // Expressions and types.
        "as", "await", "false", "is", "nil", "self", "super", "throws", "true", "try",
        // Context-specific.
        "associativity", "async", "convenience", "didSet", "dynamic", "final", "get", "indirect", "infix",
        "lazy", "left", "mutating", "none", "nonmutating", "optional", "override", "package", "postfix",
        "precedence", "prefix", "required", "right", "set", "some", "any", "unowned", "weak", "willSet",
        "actor", "isolated", "sending", "each", "consume", "copy", "discard", "macro", "then",
    ]

    var reservedWords: Set<String> { Self.keywords }

    var internalNames: Set<String> { ["attributes", "event", "postFlintEvent"] }

    func parameterName(_ words: [String]) -> String { IdentifierWords.camelCase(words) }

    func escapedIdentifier(_ name: String) -> String {
        reservedWords.contains(name) ? "`" + name + "`" : name
    }

    /// An argument label at a call site: only `inout`, `var` and `let` need backticks there.
    func argumentLabel(_ name: String) -> String {
        ["inout", "var", "let"].contains(name) ? "`" + name + "`" : name
    }

    /// A string literal in printable ASCII (`\u{E9}`); `\(` cannot start an interpolation since
    /// every backslash is escaped.
    func literal(_ text: String) -> String {
        StringEscaping.cStyle(text) { "\\u{" + StringEscaping.hex($0.value, digits: 1) + "}" }
    }

    func comment(_ lines: [String], marker: String = "//") -> String {
        lines.map { marker + " " + CommentText.line($0) }.joined(separator: "\n")
    }

    func type(of field: SnippetField) -> String {
        let base = switch field.type {
        case .text, .entityReference, .entityReferenceList: "String"
        case .number: "Double"
        case .boolean: "Bool"
        case .datetime: "Date"
        }
        return field.required ? base : base + "? = nil"
    }

    func value(_ field: SnippetField, _ identifier: String) -> String {
        switch field.type {
        case .text, .entityReference, .entityReferenceList: ".string(\(identifier))"
        case .number: ".number(\(identifier))"
        case .boolean: ".bool(\(identifier))"
        case .datetime: ".time(\(identifier))"
        }
    }

    func example(_ field: SnippetField, _ example: String) -> String {
        switch field.type {
        case .number, .boolean: example
        case .datetime: "Date(timeIntervalSince1970: 1_795_687_200)"
        case .text, .entityReference, .entityReferenceList: literal(example)
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        var attributes: [String] = []
        var event = ["\"trigger\": .string(\(literal(model.trigger.name))),"]
        var optional: [String] = []
        for parameter in parameters {
            let field = parameter.field
            let key = literal(field.jsonKey)
            let value = value(field, parameter.identifier)
            switch (field.role, field.required) {
            case (.messageId, _):
                event.append("\(key): .string(\(parameter.identifier) ?? UUID().uuidString.lowercased()),")
            case (.attribute, true): attributes.append("attributes[\(key)] = \(value)")
            case (.attribute, false):
                attributes.append("if let \(parameter.identifier) { attributes[\(key)] = \(value) }")
            case (_, true): event.append("\(key): \(value),")
            case (_, false): optional.append("if let \(parameter.identifier) { event[\(key)] = \(value) }")
            }
        }
        var documentation = [functionSummary(for: model), "", "- Parameters:"]
        documentation += parameters.map { "  - \($0.name): \($0.field.summary)" }
        documentation += [
            "- Returns: Flint's HTTP status and answer: 202 accepted, 200 duplicate,",
            "  400 rejected (final; the answer names each problem).",
            "- Throws: `URLError` when Flint stays unreachable after the retries.",
        ]
        let keySetup: String = switch model.key {
        case .publishable(let key): comment(model.keyExplanation) + "\nstatic let key = \(literal(key))"
        case .secret:
            comment(model.keyExplanation)
                + "\nstatic let key = ProcessInfo.processInfo.environment[\(literal(SnippetKey.environmentVariable))] ?? \"\""
        }
        let own: [String: String] = [
            "KEY_SETUP": keySetup,
            "DOCUMENTATION": comment(documentation, marker: "///").replacingAll("/// \n", with: "///\n"),
            "FUNCTION_NAME": IdentifierWords.camelCase(model.functionWords),
            "PARAMETERS": parameters.map { "\($0.identifier): \(type(of: $0.field))" }.joined(separator: ",\n"),
            "ATTRIBUTES_BINDING": attributes.isEmpty ? "let" : "var",
            "ATTRIBUTES": attributes.joined(separator: "\n"),
            "EVENT": event.joined(separator: "\n"),
            "OPTIONAL": optional.joined(separator: "\n"),
            "EXAMPLE_ARGUMENTS": parameters.compactMap { parameter in
                parameter.field.example.map { "\(argumentLabel(parameter.name)): \(example(parameter.field, $0))" }
            }.joined(separator: ",\n"),
        ]
        return sharedPlaceholders(for: model, language: .swift, comment: { comment($0) }, literal: literal)
            .merging(own) { _, own in own }
    }
}
