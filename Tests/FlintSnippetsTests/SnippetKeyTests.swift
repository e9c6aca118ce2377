import FlintCore
import FlintSnippets
import Testing

@Suite("Snippet keys")
struct SnippetKeyTests {
    typealias Fixtures = SnippetFixtures

    /// How each language reads the secret key from `FLINT_INGESTION_KEY`.
    static let environmentReads: [SnippetLanguage: String] = [
        .python: "_os.environ.get(\"FLINT_INGESTION_KEY\", \"\")",
        .curl: "FLINT_KEY=${FLINT_INGESTION_KEY:-}",
        .swift: "ProcessInfo.processInfo.environment[\"FLINT_INGESTION_KEY\"] ?? \"\"",
        .kotlin: "System.getenv(\"FLINT_INGESTION_KEY\") ?: \"\"",
        .csharp: "Environment.GetEnvironmentVariable(\"FLINT_INGESTION_KEY\") ?? \"\"",
    ]

    @Test(arguments: SnippetLanguage.allCases)
    func publishableKeysAreInline(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language, key: .publishable(Fixtures.publishableKey))
        let literal = language == .curl ? "'\(Fixtures.publishableKey)'" : "\"\(Fixtures.publishableKey)\""
        #expect(text.contains(literal))
        if let read = Self.environmentReads[language] {
            #expect(!text.contains(read))
        }
    }

    @Test(arguments: SnippetLanguage.allCases.filter { $0 != .javascript })
    func secretKeysAreReadFromTheEnvironmentAndExplained(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language, key: .secret(prefix: Fixtures.secretPrefix))
        #expect(text.contains(Self.environmentReads[language]!))
        #expect(text.contains("A secret key (\(Fixtures.secretPrefix)…). Flint keeps only its hash"))
        #expect(Fixtures.count(Fixtures.secretPrefix, in: text) == 1, "the prefix belongs in the comment only")
        #expect(!text.contains("flk_pub_"))
    }

    @Test func aWebPageNeverCarriesASecretKey() {
        let text = Fixtures.snippet(Fixtures.wifiSignup, .javascript, key: .secret(prefix: Fixtures.secretPrefix))
        #expect(text.contains("const FLINT_KEY = \"<paste a publishable key here>\";"))
        #expect(text.contains("secret keys must never be"))
        #expect(!text.contains("FLINT_INGESTION_KEY"))
    }

    @Test(arguments: SnippetLanguage.allCases)
    func keysAndEndpointsAreEscapedAsLiterals(language: SnippetLanguage) {
        let key = "flk_pub_\"'$(x)${y}\\n</script>"
        let text = SnippetFixtures.generator.snippet(
            for: Fixtures.wifiSignup, language: language, endpoint: "https://a\"b'c$(d)", key: .publishable(key))
        #expect(!text.contains(key), "\(language) put the key in unescaped")
        #expect(!text.contains("https://a\"b'c$(d)"), "\(language) put the endpoint in unescaped")
    }
}
