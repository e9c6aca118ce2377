import Testing
import FlintCore

private let base62 = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

@Suite("KeyFormat")
struct KeyFormatTests {
    /// A well-formed key of `kind` whose body (after the kind prefix) is `body`, padded with "a" to full length.
    func key(_ prefix: String = KeyFormat.publishablePrefix, body: String = "") -> String {
        prefix + body + String(repeating: "a", count: KeyFormat.lookupLength + KeyFormat.secretLength - body.count)
    }

    @Test(arguments: [(IngestionKey.Kind.publishable, "flk_pub_"), (.secret, "flk_sec_")])
    func generatesKeysWithThePrefixLengthAndAlphabet(kind: IngestionKey.Kind, prefix: String) {
        var generator = SeededRandomNumberGenerator(seed: 42)
        for _ in 0..<100 {
            let key = KeyFormat.generate(kind: kind, using: &generator)
            #expect(key.hasPrefix(prefix))
            #expect(key.count == 48)
            #expect(key.utf8.count == prefix.count + KeyFormat.lookupLength + KeyFormat.secretLength)
            #expect(key.dropFirst(prefix.count).allSatisfy(base62.contains), "\(key)")
        }
    }

    @Test func generationIsDeterministicForASeed() {
        var first = SeededRandomNumberGenerator(seed: 7)
        var second = SeededRandomNumberGenerator(seed: 7)
        var other = SeededRandomNumberGenerator(seed: 8)
        let key = KeyFormat.generate(kind: .secret, using: &first)
        #expect(KeyFormat.generate(kind: .secret, using: &second) == key)
        #expect(KeyFormat.generate(kind: .secret, using: &other) != key)
        #expect(KeyFormat.generate(kind: .secret, using: &first) != key)
    }

    @Test func generatedKeysAreUniqueAndTheirPrefixIsKindPlusLookupId() throws {
        var generator = SeededRandomNumberGenerator(seed: 2026)
        var keys: Set<String> = []
        var prefixes: Set<String> = []
        for index in 0..<1_000 {
            let key = KeyFormat.generate(kind: index.isMultiple(of: 2) ? .publishable : .secret, using: &generator)
            let prefix = try #require(KeyFormat.prefix(of: key))
            #expect(prefix == String(key.prefix(16)))
            #expect(prefix.count == 8 + KeyFormat.lookupLength)
            keys.insert(key)
            prefixes.insert(prefix)
        }
        #expect(keys.count == 1_000)
        #expect(prefixes.count == 1_000)
    }

    @Test func generatesWithTheSystemGeneratorToo() {
        var generator = SystemRandomNumberGenerator()
        let key = KeyFormat.generate(kind: .publishable, using: &generator)
        #expect(KeyFormat.prefix(of: key) == String(key.prefix(16)))
    }

    @Test(arguments: [
        "",
        "flk_pub_",
        String(repeating: "a", count: 48),  // no kind prefix at all
        "flk_pub_" + String(repeating: "a", count: 39),  // one short
        "flk_pub_" + String(repeating: "a", count: 41),  // one long
        "flk_abc_" + String(repeating: "a", count: 40),  // unknown kind
        "FLK_PUB_" + String(repeating: "a", count: 40),  // prefix is case-sensitive
        "flk-pub-" + String(repeating: "a", count: 40),
        "sk_live_" + String(repeating: "a", count: 40),
        "xflk_pub" + String(repeating: "a", count: 40),
    ])
    func rejectsKeysOfTheWrongShape(key: String) {
        #expect(KeyFormat.prefix(of: key) == nil)
    }

    @Test(arguments: ["-", "+", "/", "=", " ", ".", "\u{0}", "_", "é", "😀"])
    func rejectsCharactersOutsideBase62AfterThePrefix(character: String) {
        // Replace bytes, not characters, so the UTF-8 length stays exactly right.
        let body = character + String(repeating: "a", count: 40 - character.utf8.count)
        #expect(KeyFormat.prefix(of: "flk_pub_" + body) == nil)
        #expect(KeyFormat.prefix(of: "flk_sec_" + String(body.reversed())) == nil)
    }

    @Test func acceptsEveryBase62Character() {
        let alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        #expect(KeyFormat.prefix(of: key(body: String(alphabet.prefix(40)))) == "flk_pub_01234567")
        #expect(KeyFormat.prefix(of: key(KeyFormat.secretPrefix, body: String(alphabet.suffix(40)))) == "flk_sec_MNOPQRST")
    }

    @Test(arguments: [0, 1, 8, 40, 1_000])
    func randomStringHasTheRequestedLength(length: Int) {
        var generator = SeededRandomNumberGenerator(seed: UInt64(length))
        let string = KeyFormat.randomString(length: length, using: &generator)
        #expect(string.utf8.count == length)
        #expect(string.allSatisfy(base62.contains))
    }

    @Test func randomStringUsesEveryCharacterAboutEquallyOften() {
        var generator = SeededRandomNumberGenerator(seed: 62)
        let string = KeyFormat.randomString(length: 62 * 1_000, using: &generator)
        var counts: [Character: Int] = [:]
        for character in string { counts[character, default: 0] += 1 }
        #expect(Set(counts.keys) == base62)
        // Expected 1,000 each; a modulo bias would push the first characters to about 1,030.
        let chiSquare = counts.values.reduce(0.0) { $0 + Double(($1 - 1_000) * ($1 - 1_000)) / 1_000 }
        #expect(chiSquare < 110, "chi-square \(chiSquare) over 61 degrees of freedom")
        #expect(counts.values.allSatisfy { (880...1_120).contains($0) }, "\(counts)")
    }
}
