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
        #expect(CommentText.line("a\nb\r\nc\u{2028}d\u{85}e\u{202E}f café") == "a b c d ef café")
        #expect(CommentText.line("trailing\n") == "trailing")
    }

    @Test func blockCommentTextCannotCloseOrOpenAComment() {
        let text = CommentText.block("a */ b /* c /*/ d */*")
        #expect(!text.contains("*/"))
        #expect(!text.contains("/*"))
        let script = CommentText.scriptBlock("x </script> <!-- y")
        #expect(!script.contains("</"))
        #expect(!script.contains("<!--"))
    }

    @Test func markupIsEscaped() {
        #expect(CommentText.html("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(CommentText.xml("<T> & \"q\"") == "&lt;T&gt; &amp; \"q\"")
    }

    @Test func literalsEscapeEachLanguagesSpecialCharacters() {
        let text = "a\"b\\c$d\ne\u{2028}<é🎉"
        #expect(PythonSyntax().literal(text) == "\"a\\\"b\\\\c$d\\ne\\u2028<é🎉\"")
        #expect(SwiftSyntax().literal(text) == "\"a\\\"b\\\\c$d\\ne\\u{2028}<é🎉\"")
        #expect(KotlinSyntax().literal(text) == "\"a\\\"b\\\\c\\$d\\ne\\u2028<é🎉\"")
        #expect(CSharpSyntax().literal(text) == "\"a\\\"b\\\\c$d\\ne\\u2028<\\u00E9\\uD83C\\uDF89\"")
        #expect(JavaScriptSyntax().literal(text) == "\"a\\\"b\\\\c$d\\ne\\u2028\\u003Cé🎉\"")
        #expect(CurlSyntax().literal("it's $x") == "'it'\\''s $x'")
        #expect(CurlSyntax().literal("a\nb'") == "$'a\\x0Ab\\''")
    }
}
