import FlintCore

/// Bash around curl: options in kebab-case (`--first-visit`), values kept in `v_<snake_case>`
/// locals (and `s_<snake_case>` flags), so no attribute name can clash with a shell keyword,
/// builtin or special variable: the shell has no reserved words to escape.
struct CurlSyntax: SnippetSyntax {
    var reservedWords: Set<String> { [] }

    func parameterName(_ words: [String]) -> String { IdentifierWords.snakeCase(words) }

    func escapedIdentifier(_ name: String) -> String { "v_" + name }

    /// A single-quoted word, where nothing (`$(...)`, backticks, `${x}`) is expanded; or, when the
    /// text holds anything outside printable ASCII, an ANSI-C `$'...'` word in printable ASCII whose
    /// other characters are `\xHH` escapes of their UTF-8 bytes (bash's `\u` depends on the locale).
    func literal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !StringEscaping.isPrintableASCII($0) }) else {
            return "'" + text.replacingAll("'", with: "'\\''") + "'"
        }
        var result = "$'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": result += "\\'"
            case "\\": result += "\\\\"
            default:
                if StringEscaping.isPrintableASCII(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += StringEscaping.utf8Escapes(scalar)
                }
            }
        }
        return result + "'"
    }

    func comment(_ lines: [String]) -> String {
        lines.map { "# " + CommentText.line($0) }.joined(separator: "\n")
    }

    func option(_ parameter: SnippetParameter) -> String {
        "--" + IdentifierWords.kebabCase(parameter.name.split(separator: "_").map(String.init))
    }

    func placeholderValue(_ field: SnippetField) -> String {
        switch field.type {
        case .text: "TEXT"
        case .number: "NUMBER"
        case .boolean: "true|false"
        case .datetime: "TIME"
        case .entityReference, .entityReferenceList: "ID"
        }
    }

    func usage(_ parameters: [SnippetParameter]) -> String {
        var words = ["AUTH_ID"]
        for parameter in parameters where parameter.field.role != .authId {
            let option = option(parameter) + " " + placeholderValue(parameter.field)
            words.append(parameter.field.required ? option : "[" + option + "]")
        }
        return words.joined(separator: " ")
    }

    /// `name` as a JSON object key followed by `:`, as a shell word.
    func jsonKey(_ field: SnippetField) -> String {
        literal("," + StringEscaping.json(field.jsonKey) + ":")
    }

    func jsonValue(_ parameter: SnippetParameter) -> String {
        switch parameter.field.type {
        case .number, .boolean: "\"$\(parameter.identifier)\""
        case .text, .datetime, .entityReference, .entityReferenceList: "\"$(flint_json_string \"$\(parameter.identifier)\")\""
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        let named = parameters.filter { $0.field.role != .authId }
        let authId = parameters.first { $0.field.role == .authId }
        var checks: [String] = []
        var attributes: [String] = []
        var envelope: [String] = []
        for parameter in named {
            let set = "s_" + parameter.name
            if parameter.field.required {
                checks.append(
                    "if [[ $\(set) == 0 ]]; then echo \(literal(IdentifierWords.snakeCase(model.functionWords) + ": " + option(parameter) + " is required")) >&2; return 2; fi")
            }
            if parameter.field.type == .number || parameter.field.type == .boolean {
                checks.append(
                    "if [[ $\(set) == 1 ]]; then flint_check \(option(parameter)) \(parameter.field.type == .number ? "number" : "boolean") \"$\(parameter.identifier)\" || return 2; fi")
            }
            func appending(to variable: String) -> String {
                "if [[ $\(set) == 1 ]]; then \(variable)+=\(jsonKey(parameter.field))\(jsonValue(parameter)); fi"
            }
            switch parameter.field.role {
            case .attribute: attributes.append(appending(to: "attributes"))
            case .messageId:
                checks.append("if [[ $\(set) == 0 ]]; then \(parameter.identifier)=$(flint_new_message_id); \(set)=1; fi")
                envelope.append(appending(to: "event"))
            default: envelope.append(appending(to: "event"))
            }
        }
        let authIdName = authId?.name ?? "auth_id"
        let eventStart = literal("{\"trigger\":" + StringEscaping.json(model.trigger.name) + ",\"authId\":")
            + "\"$(flint_json_string \"$v_\(authIdName)\")\""
        let keySetup: String = switch model.key {
        case .publishable(let key): comment(model.keyExplanation) + "\nFLINT_KEY=\(literal(key))"
        case .secret: comment(model.keyExplanation) + "\nFLINT_KEY=${\(SnippetKey.environmentVariable):-}"
        }
        let functionName = IdentifierWords.snakeCase(model.functionWords)
        var exampleCall = [functionName + " " + literal(authId?.field.example ?? "example-customer")]
        for parameter in named {
            if let example = parameter.field.example { exampleCall.append(option(parameter) + " " + literal(example)) }
        }
        let own: [String: String] = [
            "USAGE": usage(parameters),
            "USAGE_LITERAL": literal("usage: " + functionName + " " + usage(parameters)),
            "KEY_SETUP": keySetup,
            "FUNCTION_NAME": functionName,
            "PARAMETER_DOCS": comment(parameters.map { parameter in
                let name = parameter.field.role == .authId ? "AUTH_ID" : option(parameter)
                return "  \(name): \(parameter.field.summary)"
            }),
            "AUTH_ID": authIdName,
            "LOCALS": named.map { "local \($0.identifier)=\"\" s_\($0.name)=0" }.joined(separator: "\n"),
            "OPTION_CASES": named.map { "\(option($0))) \($0.identifier)=$2; s_\($0.name)=1 ;;" }.joined(separator: "\n"),
            "CHECKS": checks.joined(separator: "\n"),
            "ATTRIBUTES": attributes.joined(separator: "\n"),
            "EVENT_START": eventStart,
            "ENVELOPE": envelope.joined(separator: "\n"),
            "EXAMPLE_CALL": exampleCall.joined(separator: " \\\n  "),
        ]
        return sharedPlaceholders(for: model, language: .curl, comment: { comment($0) }, literal: literal)
            .merging(own) { _, own in own }
    }
}
