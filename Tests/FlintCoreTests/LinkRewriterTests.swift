import FlintCore
import Testing

@Suite("LinkRewriter")
struct LinkRewriterTests {
    func rewrite(_ html: String) -> (html: String, targets: [String]) {
        LinkRewriter.rewrite(html) { index, _ in "https://t.example/\(index)?a=1&b=2" }
    }

    @Test func rewritesHttpLinksOfAnchorsAndAreasOnly() {
        let html = #"<a href="https://a.example/x?y=1&amp;z=2">A</a><link href="https://style.example/s.css"><area href='http://b.example'><a href="mailto:x@y.example">M</a>"#
        let result = rewrite(html)
        #expect(result.targets == ["https://a.example/x?y=1&z=2", "http://b.example"])
        #expect(result.html == #"<a href="https://t.example/0?a=1&amp;b=2">A</a><link href="https://style.example/s.css"><area href='https://t.example/1?a=1&amp;b=2'><a href="mailto:x@y.example">M</a>"#)
    }

    @Test func findsHrefAmongOtherAttributesAndKeepsTheRest() {
        let html = #"<A class="btn" data-x='a > b' HREF = "HTTPS://Shop.Example/">Go</A> a < b <p>text</p>"#
        let result = rewrite(html)
        #expect(result.targets == ["HTTPS://Shop.Example/"])
        #expect(result.html.hasPrefix(#"<A class="btn" data-x='a > b' HREF = "https://t.example/0"#))
        #expect(result.html.hasSuffix(">Go</A> a < b <p>text</p>"))
    }

    @Test(arguments: [
        #"<a href="javascript:alert(1)">x</a>"#, #"<a name="top">x</a>"#, #"<a href=https://unquoted.example>x</a>"#,
        #"<!-- <a href="https://c.example"> -->"#, "<a href=\"https://unterminated.example", "no tags at all",
    ])
    func leavesEverythingElseAlone(html: String) {
        let result = rewrite(html)
        #expect(result.targets.isEmpty)
        #expect(result.html == html)
    }

    @Test func decodesNumericCharacterReferencesInTargets() {
        #expect(rewrite(#"<a href="https://a.example/&#63;q=&#x31;">x</a>"#).targets == ["https://a.example/?q=1"])
    }
}
