import FlintCore

/// The rules that turn a ``SnippetModel`` into one language's code: naming conventions, keyword
/// escaping, literals and comments, and the values for that language's template placeholders.
protocol SnippetSyntax: Sendable {
    /// Names a parameter can only take escaped (`` `class` ``, `@class`, `class_`).
    var reservedWords: Set<String> { get }
    /// Names the generated function uses itself (locals, helpers); a parameter that would take one
    /// is numbered instead (`event2`), since escaping does not make it a different name.
    var internalNames: Set<String> { get }
    /// A parameter's name in the language's convention (`firstVisit`, `first_visit`), unescaped.
    func parameterName(_ words: [String]) -> String
    /// `name` as it must be written in code, escaped when it is reserved (`` `class` ``, `@class`, `class_`).
    func escapedIdentifier(_ name: String) -> String
    /// The values for every placeholder of the language's template.
    func placeholders(for model: SnippetModel) -> [String: String]
}

extension SnippetSyntax {
    var internalNames: Set<String> { [] }

    /// The model's fields named for this language. Envelope fields (`authId`, `messageId`, ...) are
    /// named first so they keep their usual names; an attribute whose converted name clashes with
    /// an earlier one gets a number (`location2`).
    func parameters(for model: SnippetModel) -> [SnippetParameter] {
        let order = model.fields.indices.filter { !model.fields[$0].isAttribute }
            + model.fields.indices.filter { model.fields[$0].isAttribute }
        var names: [Int: String] = [:]
        var taken = internalNames
        for index in order {
            let words = model.fields[index].words.isEmpty ? ["value"] : model.fields[index].words
            var name = parameterName(words)
            var number = 2
            while taken.contains(name) {
                name = parameterName(words + [String(number)])
                number += 1
            }
            taken.insert(name)
            names[index] = name
        }
        return model.fields.indices.map { index in
            let name = names[index] ?? ""
            return SnippetParameter(field: model.fields[index], name: name, identifier: escapedIdentifier(name))
        }
    }

    /// The placeholders the line-commented templates share: header, file and trigger names (which
    /// these templates use in comments only), the retry note and the events URL. A language merges
    /// its own values over these.
    func sharedPlaceholders(
        for model: SnippetModel, language: SnippetLanguage, comment: ([String]) -> String, literal: (String) -> String
    ) -> [String: String] {
        [
            "HEADER": comment([model.heading] + (model.description.map { [$0] } ?? [])),
            "FILE_NAME": CommentText.line(model.trigger.name + "." + language.fileExtension),
            "TRIGGER_NAME": CommentText.line(model.trigger.name),
            "RETRY_EXPLANATION": comment(SnippetModel.retryExplanation),
            "EVENTS_URL": literal(model.eventsURL),
        ]
    }

    /// The first line of the generated function's documentation, as plain text.
    func functionSummary(for model: SnippetModel) -> String {
        "Sends a \"\(model.trigger.title)\" event (trigger \(model.trigger.name)) to Flint."
    }
}
