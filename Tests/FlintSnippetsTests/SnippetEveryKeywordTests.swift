import FlintCore
import FlintSnippets
import Testing

/// Every keyword of every language, as an attribute name: the generated code must escape it wherever
/// it is declared, used and passed. The e2e test compiles the same triggers with the real toolchains.
@Suite("Every keyword as an attribute name")
struct SnippetEveryKeywordTests {
    typealias Fixtures = SnippetFixtures

    static func trigger(_ words: [String]) -> TriggerDefinition {
        TriggerDefinition(
            name: "every_keyword", title: "Every keyword",
            attributes: words.map { AttributeDefinition(name: $0, type: .text, required: true) })
    }

    /// What the snippet must contain for the keyword `word`: its declaration, its use as the value
    /// of the JSON key `word`, and (where the call names it) the example call's argument.
    static func expected(_ word: String, _ language: SnippetLanguage) -> [String] {
        switch language {
        case .python: ["\(word)_: str,", "\"\(word)\": \(word)_,", "\(word)_=\"example\","]
        case .javascript: ["\(word): \(word)_,", "attributes[\"\(word)\"] = \(word)_;", "if (\(word)_ == null)", "\(word): \"example\","]
        case .csharp: ["string @\(word),", "attributes.Add(\"\(word)\", @\(word));", "@\(word): \"example\""]
        case .swift: ["`\(word)`: String,", "attributes[\"\(word)\"] = .string(`\(word)`)"]
        case .kotlin: ["`\(word)`: String,", "attributes[\"\(word)\"] = `\(word)`", "`\(word)` = \"example\""]
        case .curl: ["--\(word)) v_\(word)=$2;", "'\"$(flint_json_string \"$v_\(word)\")\""]
        }
    }

    @Test(arguments: SnippetLanguage.allCases)
    func everyKeywordIsEscaped(language: SnippetLanguage) {
        let words = LanguageKeywords.words(language)
        let text = Fixtures.snippet(Self.trigger(words), language)
        var missing: [String] = []
        for word in words {
            for code in Self.expected(word, language) where !text.contains(code) {
                missing.append(code)
            }
        }
        #expect(missing.isEmpty, "\(language) does not escape: \(missing)")
    }

    /// Swift argument labels may be any keyword but `inout`, `var` and `let`.
    @Test func swiftCallSitesBacktickOnlyTheLabelsThatNeedIt() {
        let text = Fixtures.snippet(Self.trigger(LanguageKeywords.swift), .swift)
        for word in LanguageKeywords.swift {
            let label = ["inout", "var", "let"].contains(word) ? "`\(word)`" : word
            #expect(text.contains("\n        \(label): \"example\""), "swift call lacks \(label):")
        }
    }

    /// Python's soft keywords are names everywhere the snippet uses them, so they stay as they are.
    @Test func pythonSoftKeywordsStayAsTheyAre() {
        let text = Fixtures.snippet(Self.trigger(LanguageKeywords.pythonSoft), .python)
        for word in LanguageKeywords.pythonSoft {
            #expect(text.contains("\(word): str,"))
            #expect(text.contains("\(word)=\"example\","))
        }
    }
}
