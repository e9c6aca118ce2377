import Testing

@testable import FlintSnippets

@Suite("Naming, templates and comment text")
struct SnippetInternalsTests {
    @Test func namesSplitIntoWordsAtUnderscoresAndCaseChanges() {
        #expect(IdentifierWords.split("wifi_signup") == ["wifi", "signup"])
        #expect(IdentifierWords.split("firstVisit") == ["first", "visit"])
        #expect(IdentifierWords.split("HTMLBody") == ["html", "body"])
        #expect(IdentifierWords.split("item2Count") == ["item2", "count"])
        #expect(IdentifierWords.split("a__b_") == ["a", "b"])
        #expect(IdentifierWords.split("Class") == ["class"])
    }

    @Test func wordsJoinInEachConvention() {
        let words = ["send", "wifi", "signup"]
        #expect(IdentifierWords.camelCase(words) == "sendWifiSignup")
        #expect(IdentifierWords.pascalCase(words) == "SendWifiSignup")
        #expect(IdentifierWords.snakeCase(words) == "send_wifi_signup")
        #expect(IdentifierWords.kebabCase(words) == "send-wifi-signup")
    }

    @Test func blockPlaceholdersAreIndentedAndEmptyOnesRemoveTheirLine() {
        let template = SnippetTemplate("def f(\n    {{PARAMETERS}}\n):\n    {{BODY}}\n    return {{VALUE}}")
        let text = template.filled(with: ["PARAMETERS": "a,\nb,", "BODY": "", "VALUE": "1"])
        #expect(text == "def f(\n    a,\n    b,\n):\n    return 1")
    }

    @Test func inlinePlaceholdersIndentLaterLinesAndAreFilledInOnePass() {
        let template = SnippetTemplate("  call({{ARGUMENTS}});\n{{A}} {{B}} {{unknown}} {{")
        let text = template.filled(with: ["ARGUMENTS": "x,\ny", "A": "{{B}}", "B": "b"])
        #expect(text == "  call(x,\n  y);\n{{B}} b {{unknown}} {{")
    }

    @Test func commentTextStaysOnOneLineAndKeepsNonASCII() {
        #expect(CommentText.line("a\nb\r\nc\u{2028}d\u{85}e\u{202E}f\u{0B}g\u{0C}h\u{2029}i café") == "a b c d ef g h i café")
        #expect(CommentText.line("trailing\n") == "trailing")
        #expect(CommentText.line("in\u{200B}vis\u{2066}i\u{2069}ble\u{FEFF}\u{E0041}") == "invisible")
    }

    /// Every delimiter of every language is broken up, however the delimiters overlap.
    @Test(arguments: ["a */ b /* c /*/ d */*", "/**/", "*//*", "x </script> <!-- y -->", "<!-->", "<!---->", "*/-->", "</*", "-*/->"])
    func commentTextCannotCloseOrOpenAComment(text: String) {
        let line = CommentText.line(text)
        for delimiter in ["*/", "/*", "</", "<!--", "-->"] {
            #expect(!line.contains(delimiter), "\(text.debugDescription) -> \(line.debugDescription)")
        }
    }

    @Test func markupIsEscaped() {
        #expect(CommentText.html("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(CommentText.xml("<T> & \"q\"") == "&lt;T&gt; &amp; \"q\"")
    }

    @Test func literalsAreInPrintableASCIIWithEachLanguagesEscapes() {
        let text = "a\"b\\c$d\ne\u{2028}<é🎉\u{85}"
        #expect(PythonSyntax().literal(text) == #""a\"b\\c$d\ne\u2028<\u00E9\U0001F389\u0085""#)
        #expect(SwiftSyntax().literal(text) == #""a\"b\\c$d\ne\u{2028}<\u{E9}\u{1F389}\u{85}""#)
        #expect(KotlinSyntax().literal(text) == #""a\"b\\c\$d\ne\u2028<\u00E9\uD83C\uDF89\u0085""#)
        #expect(CSharpSyntax().literal(text) == #""a\"b\\c$d\ne\u2028<\u00E9\uD83C\uDF89\u0085""#)
        #expect(JavaScriptSyntax().literal(text) == #""a\"b\\c$d\ne\u2028\u003C\u00E9\uD83C\uDF89\u0085""#)
        #expect(StringEscaping.json(text) == #""a\"b\\c$d\ne\u2028<\u00E9\uD83C\uDF89\u0085""#)
        #expect(CurlSyntax().literal("it's $(x) `y` ${z}") == #"'it'\''s $(x) `y` ${z}'"#)
        #expect(CurlSyntax().literal("a\nb'é") == #"$'a\x0Ab\'\xC3\xA9'"#)
        #expect(PythonSyntax().docstring("say \"\"\"hi\"\"\" \\N{BULLET} é\nnext") == #"say \"\"\"hi\"\"\" \\N{BULLET} \u00E9 next"#)
    }

    /// However hostile the text, every language's literal is printable ASCII.
    @Test func everyLiteralIsPrintableASCII() {
        let scalars = (0...0x3000).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{1F389}", "\u{E0041}", "\u{10FFFF}"]
        let text = String(String.UnicodeScalarView(scalars))
        let literals = [
            PythonSyntax().literal(text), PythonSyntax().docstring(text), SwiftSyntax().literal(text),
            KotlinSyntax().literal(text), CSharpSyntax().literal(text), JavaScriptSyntax().literal(text),
            CurlSyntax().literal(text), StringEscaping.json(text),
        ]
        for literal in literals {
            #expect(literal.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
        }
    }
}
