import FlintCore
import FlintSnippets
import Testing

/// No user text may change how a generated file is parsed. Hostile titles, descriptions, attribute
/// descriptions, event names, endpoints and keys are generated next to plain ones; the two files
/// must have the same lines except for comments and documentation, which hold only text.
@Suite("Injection through user text")
struct SnippetInjectionTests {
    typealias Fixtures = SnippetFixtures

    static let hostile = Fixtures.injectionTrigger(Fixtures.injectionText)
    static let plain = Fixtures.injectionTrigger("Plain")

    static func lines(_ trigger: TriggerDefinition, _ language: SnippetLanguage, endpoint: String = Fixtures.endpoint,
                      key: SnippetKey = .publishable(Fixtures.publishableKey)) -> [Substring] {
        Fixtures.generator.snippet(for: trigger, language: language, endpoint: endpoint, key: key)
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Python reads a PEP 263 encoding declaration on line 1 or 2; other tools read directives there.
    @Test(arguments: SnippetLanguage.allCases)
    func theFirstTwoLinesHoldNoUserText(language: SnippetLanguage) throws {
        let hostile = Self.lines(Self.hostile, language)
        let cookie = try Regex(#"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)"#)
        #expect(hostile.prefix(2) == Self.lines(Self.plain, language).prefix(2))
        for line in hostile.prefix(2) {
            #expect(line.firstMatch(of: cookie) == nil, "\(language): an encoding declaration: \(line)")
            #expect(!line.contains("coding") && !line.contains("Plain") && !line.contains("odd_one"), "\(language): \(line)")
        }
    }

    /// Only `\n` ends a line: no other control character, no U+2028/U+2029, no bidi or other format character.
    @Test(arguments: SnippetLanguage.allCases)
    func noOtherLineTerminatorOrInvisibleCharacter(language: SnippetLanguage) {
        let text = Self.lines(Self.hostile, language).joined(separator: "\n")
        let found = text.unicodeScalars.filter { scalar in
            guard scalar != "\n" else { return false }
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format: return true
            default: return false
            }
        }
        #expect(found.isEmpty, "\(language): \(found.map { "U+" + String($0.value, radix: 16) })")
    }

    /// Line by line, a hostile snippet differs from the plain one only in comment or documentation
    /// lines, and those gained no comment delimiter.
    @Test(arguments: SnippetLanguage.allCases)
    func userTextStaysInsideCommentsAndDocumentation(language: SnippetLanguage) {
        let hostile = Self.lines(Self.hostile, language)
        let plain = Self.lines(Self.plain, language)
        #expect(hostile.count == plain.count, "\(language): the text added lines")
        guard hostile.count == plain.count else { return }
        let documentation = Fixtures.documentationLines(plain, language)
        for index in hostile.indices where hostile[index] != plain[index] {
            #expect(documentation.contains(index), "\(language) line \(index + 1) is code that changed: \(hostile[index])")
            #expect(Fixtures.marker(hostile[index], language) == Fixtures.marker(plain[index], language),
                    "\(language) line \(index + 1) changed its comment marker: \(hostile[index])")
            for token in ["*/", "/*", "</", "<!--", "-->"] {
                #expect(Fixtures.count(token, in: String(hostile[index])) == Fixtures.count(token, in: String(plain[index])),
                        "\(language) line \(index + 1) gained \(token): \(hostile[index])")
            }
        }
    }

    /// Literals hold only printable ASCII, whatever the endpoint and key: a hostile endpoint and key
    /// change only literals (and comments), and every line that is not a comment stays ASCII.
    @Test(arguments: SnippetLanguage.allCases)
    func codeAndLiteralsArePrintableASCII(language: SnippetLanguage) {
        let odd = "https://flint.example/\u{2028}\u{85}\r\n\"'`$(id)${x}\\N{BULLET}\u{202E}</script><!--é🎉"
        let hostile = Self.lines(Self.hostile, language, endpoint: odd, key: .publishable(odd))
        let plain = Self.lines(Self.plain, language)
        #expect(hostile.count == plain.count, "\(language): the endpoint or key added lines")
        let comments = Fixtures.commentLines(plain, language)
        for (index, line) in hostile.enumerated() where !comments.contains(index) {
            let outside = line.unicodeScalars.filter { !(0x20...0x7E).contains($0.value) }
            #expect(outside.isEmpty, "\(language) line \(index + 1) holds \(outside.map { "U+" + String($0.value, radix: 16) }): \(line)")
        }
    }
}
