import FlintCore

/// JavaScript in a web page: the function takes one object whose properties are lowerCamelCase;
/// a property named like a keyword is bound to a local with a trailing underscore (`class: class_`).
struct JavaScriptSyntax: SnippetSyntax {
    /// ECMAScript's reserved words, with the strict-mode ones (the page's script is strict):
    /// `implements`, `interface`, `let`, `package`, `private`, `protected`, `public`, `static`,
    /// `yield`, and `arguments` and `eval`, which strict code cannot bind; `await` (reserved in
    /// modules and async functions); and `undefined`, `async` and `of`, legal but confusing as names.
    static let keywords: Set<String> = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
        "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var",
        "void", "while", "with", "yield",
        // Strict mode.
        "implements", "interface", "let", "package", "private", "protected", "public", "static", "arguments", "eval",
        // Legal, but confusing.
        "undefined", "async", "of",
    ]

    /// Keywords, plus the names the function body uses: a property named like one is bound to
    /// another local, so the property keeps its name.
    var reservedWords: Set<String> { Self.keywords.union(["attributes", "options", "flint", "flintTime", "document", "window"]) }

    func parameterName(_ words: [String]) -> String { IdentifierWords.camelCase(words) }

    func escapedIdentifier(_ name: String) -> String {
        reservedWords.contains(name) ? name + "_" : name
    }

    /// A string literal in printable ASCII (`\u00E9`, so U+2028 and U+2029 cannot end a line) that is
    /// also safe inside `<script>`: `<` and `>` are escaped, so `</script>` and `<!--` never appear.
    func literal(_ text: String) -> String {
        StringEscaping.cStyle(text, special: ["<": "\\u003C", ">": "\\u003E"], spell: StringEscaping.utf16Escapes)
    }

    /// Lines of a block comment inside `<script>`.
    func blockComment(_ lines: [String]) -> String {
        lines.map { $0.isEmpty ? "*" : "* " + CommentText.line($0) }.joined(separator: "\n")
    }

    /// Line comments inside `<script>`.
    func lineComment(_ lines: [String]) -> String {
        lines.map { "// " + CommentText.line($0) }.joined(separator: "\n")
    }

    func type(of field: SnippetField) -> String {
        switch field.type {
        case .text, .entityReference, .entityReferenceList: "string"
        case .number: "number"
        case .boolean: "boolean"
        case .datetime: "Date|string"
        }
    }

    func value(_ parameter: SnippetParameter) -> String {
        parameter.field.type == .datetime ? "flintTime(\(parameter.identifier))" : parameter.identifier
    }

    func example(_ field: SnippetField, _ example: String) -> String {
        switch field.type {
        case .number, .boolean: example
        case .datetime: "new Date(\(literal(example)))"
        case .text, .entityReference, .entityReferenceList: literal(example)
        }
    }

    func placeholders(for model: SnippetModel) -> [String: String] {
        let parameters = parameters(for: model)
        var checks: [String] = []
        var attributes: [String] = []
        var options: [String] = []
        for parameter in parameters {
            let field = parameter.field
            let name = parameter.identifier
            if field.required {
                checks.append(
                    "if (\(name) == null) throw new TypeError(\(literal(IdentifierWords.camelCase(model.functionWords) + ": " + parameter.name + " is required")));")
            }
            let key = literal(field.jsonKey)
            let target = field.isAttribute ? "attributes" : "options"
            let assignment = "\(target)[\(key)] = \(value(parameter));"
            let line = field.required ? assignment : "if (\(name) != null) " + assignment
            switch field.role {
            case .authId: continue
            case .attribute: attributes.append(line)
            default: options.append(line)
            }
        }
        var documentation = [functionSummary(for: model), "", "@param {Object} event"]
        documentation += parameters.map { parameter in
            let path = "event." + parameter.name
            return "@param {\(type(of: parameter.field))} \(parameter.field.required ? path : "[" + path + "]") \(parameter.field.summary)"
        }
        documentation += [
            "@returns {Promise<{status: string, body: ?Object, error: ?{code: string, message: string}}>} Flint's answer:",
            "  status \"accepted\", \"duplicate\", \"rejected\" (final: error says why) or \"failed\" (retries used up).",
        ]
        let keySetup: String = switch model.key {
        case .publishable(let key):
            lineComment(model.keyExplanation) + "\nconst FLINT_KEY = \(literal(key));"
        case .secret(let prefix):
            """
            // !!! This snippet was made for a secret key (\(CommentText.line(prefix))…), and secret keys must never be
            // !!! put in a web page: anyone can read them there. Create a publishable key whose allowed origins
            // !!! include this page's origin, and paste it here.
            const FLINT_KEY = "<paste a publishable key here>";
            """
        }
        let authId = parameters.first { $0.field.role == .authId }?.identifier ?? "authId"
        return [
            "TITLE_HTML": CommentText.html(model.trigger.title),
            "TRIGGER_NAME_HTML": CommentText.html(model.trigger.name),
            "SDK_URL_HTML": CommentText.html(model.sdkURL),
            "HEADER": blockComment([model.heading] + (model.description.map { [$0] } ?? [])),
            "KEY_SETUP": keySetup,
            "ENDPOINT": literal(model.endpoint),
            "DOCUMENTATION": blockComment(documentation),
            "FUNCTION_NAME": IdentifierWords.camelCase(model.functionWords),
            "PARAMETERS": parameters.map { $0.name == $0.identifier ? $0.name : "\($0.name): \($0.identifier)" }
                .joined(separator: ",\n"),
            "CHECKS": checks.joined(separator: "\n"),
            "ATTRIBUTES": attributes.joined(separator: "\n"),
            "OPTIONS": options.joined(separator: "\n"),
            "AUTH_ID": authId,
            "TRIGGER_NAME": literal(model.trigger.name),
            "EXAMPLE_ARGUMENTS": parameters.compactMap { parameter in
                parameter.field.example.map { "\(parameter.name): \(example(parameter.field, $0))," }
            }.joined(separator: "\n"),
        ]
    }
}
