import FlintCore
import Foundation

/// Writes runnable integration snippets for a trigger: one per ``SnippetLanguage``, each sending an
/// example event and offering a typed function generated from the trigger's schema.
public struct SnippetGenerator: Sendable {
    /// Why the generator could not start: a bundled template is missing or unreadable.
    public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
        public var templateName: String
        public var description: String { "The snippet template \(templateName) is missing from FlintSnippets' resources" }
    }

    let templates: [SnippetLanguage: SnippetTemplate]

    /// Loads every language's template from the module's bundled resources.
    public init() throws {
        let folder = Bundle.module.url(forResource: "Resources", withExtension: nil)
        var templates: [SnippetLanguage: SnippetTemplate] = [:]
        for language in SnippetLanguage.allCases {
            guard let url = folder?.appendingPathComponent(language.templateName),
                let data = try? Data(contentsOf: url)
            else { throw TemplateError(templateName: language.templateName) }
            templates[language] = SnippetTemplate(String(decoding: data, as: UTF8.self))
        }
        self.templates = templates
    }

    /// A complete, runnable snippet that sends `trigger`'s events to the Flint at `endpoint`.
    ///
    /// `endpoint` is the server's base URL (`https://flint.example`); a trailing `/` is ignored.
    public func snippet(for trigger: TriggerDefinition, language: SnippetLanguage, endpoint: String, key: SnippetKey) -> String {
        let model = SnippetModel(trigger: trigger, endpoint: endpoint, key: key)
        let values = language.syntax.placeholders(for: model)
        return templates[language, default: SnippetTemplate("")].filled(with: values)
    }
}
