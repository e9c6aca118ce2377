import FlintWeb
import Testing

@Suite("HTML")
struct HTMLTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsKept() {
        let title = #"<img src=x onerror="alert(1)"> & 'co'"#
        let badge: HTML = "<span class=\"badge\">\("Ready")</span>"
        let row: HTML = "<td title=\"\(title)\">\(title)</td>\(badge)"
        #expect(
            row.markup
                == #"<td title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;</td><span class="badge">Ready</span>"#)
    }

    @Test func plainTextIsUnchanged() {
        #expect(HTML.escape("Wi-Fi sign-up, café") == "Wi-Fi sign-up, café")
        #expect(HTML.joined(["a", "b"], separator: ", ").markup == "a, b")
    }
}
