import FlintCore
import FlintSnippets
import Testing

/// Titles and descriptions are free text. Whatever they hold, they must stay inside the comments
/// and markup they are put in, so a hostile title can neither break nor inject code.
@Suite("Odd titles and descriptions")
struct SnippetCommentSafetyTests {
    typealias Fixtures = SnippetFixtures

    static let hostile = Fixtures.trigger(
        title: Fixtures.hostileText, description: Fixtures.hostileText, attributeDescription: Fixtures.hostileText)
    static let plain = Fixtures.trigger(title: "Plain", description: "Plain", attributeDescription: "Plain")

    /// Sequences that would end or open a comment or a script, per language. Line comments need
    /// only stay on their line; Kotlin block comments nest, so `/*` matters there as well as `*/`.
    static func structuralTokens(_ language: SnippetLanguage) -> [String] {
        switch language {
        case .javascript: ["*/", "/*", "<!--", "</script", "\n"]
        case .kotlin: ["*/", "/*", "\n"]
        case .python, .curl, .swift, .csharp: ["\n"]
        }
    }

    @Test(arguments: SnippetLanguage.allCases)
    func hostileTextAddsNoStructure(language: SnippetLanguage) {
        // In the web page, markup is checked on its own; here only the script counts.
        let hostile = Self.code(Fixtures.snippet(Self.hostile, language), language)
        let plain = Self.code(Fixtures.snippet(Self.plain, language), language)
        for token in Self.structuralTokens(language) {
            let added = Fixtures.count(token, in: hostile) - Fixtures.count(token, in: plain)
            #expect(added == 0, "\(language): the title added \(added) × \(token.debugDescription)")
        }
        // Values are inserted in one pass: a placeholder in a title stays text.
        #expect(hostile.contains("{{FUNCTION_NAME}}"))
    }

    /// The part of a snippet that is code: the inline script of the web page, the whole file otherwise.
    static func code(_ text: String, _ language: SnippetLanguage) -> String {
        guard language == .javascript, let start = text.firstRange(of: "<script>"),
            let end = text[start.upperBound...].firstRange(of: "</script>")
        else { return text }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test(arguments: SnippetLanguage.allCases)
    func lineBreaksAndControlCharactersAreFolded(language: SnippetLanguage) {
        let hostile = Fixtures.snippet(Self.hostile, language)
        #expect(!hostile.unicodeScalars.contains { $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{202E}" })
        #expect(hostile.split(separator: "\n", omittingEmptySubsequences: false).count
            == Fixtures.snippet(Self.plain, language).split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(hostile.contains("second line third fourth café 日本 🎉"), "\(language) must keep non-ASCII text")
    }

    @Test(arguments: [SnippetLanguage.python, .curl, .swift, .csharp, .kotlin])
    func lineCommentLanguagesKeepTheTextInComments(language: SnippetLanguage) {
        let hostile = Fixtures.snippet(Self.hostile, language)
        let markers: [String] = switch language {
        case .python: ["#", "\"\"\"", "note:", "amount:"]
        case .curl: ["#", "echo"]
        case .swift, .csharp: ["//"]
        default: ["//", "*"]
        }
        for line in hostile.split(separator: "\n") where line.contains("café") {
            let trimmed = line.drop { $0 == " " }
            let isComment = markers.contains { trimmed.hasPrefix($0) }
            #expect(isComment, "\(language): text outside a comment: \(line)")
        }
    }

    @Test func pythonDocstringsCannotBeClosedEarly() {
        let text = Fixtures.snippet(Self.hostile, .python)
        let docstringLines = text.split(separator: "\n").filter { $0.contains("caf\\u00E9") && !$0.hasPrefix("#") }
        #expect(!docstringLines.isEmpty)
        for line in docstringLines {
            let content = line.drop { $0 == " " }
            #expect(!(content.hasPrefix("\"\"\"") ? content.dropFirst(3) : content).contains("\"\"\""), "unescaped triple quote: \(line)")
            #expect(line.contains("\\\\"), "backslashes must be doubled: \(line)")
        }
    }

    @Test func htmlEscapesTitlesInMarkup() {
        let text = Fixtures.snippet(Self.hostile, .javascript)
        #expect(text.contains("<title>Odd &quot;title&quot; * / / * -- &gt; &lt;! -- &lt; /script&gt;"))
        #expect(Fixtures.count("<script", in: text) == 2)
        #expect(Fixtures.count("</script>", in: text) == 2)
        #expect(Fixtures.count("<!--", in: text) == 1, "only the template's own comment")
    }

    @Test func csharpDocumentationIsWellFormedXML() {
        let text = Fixtures.snippet(Self.hostile, .csharp)
        let documentation = text.split(separator: "\n").filter { $0.contains("/// <param name=\"note\">") }
        #expect(documentation.count == 1)
        #expect(documentation.first?.contains("&lt; /script&gt;") == true)
    }
}
