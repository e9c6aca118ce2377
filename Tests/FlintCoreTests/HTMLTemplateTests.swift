import FlintCore
import Testing

@Suite("Email HTML: escaping by context")
struct HTMLTemplateTests {
    func render(_ source: String, _ values: [String: JSONValue]) throws -> HTMLRendering {
        try Template.parse(source).renderHTML { values[$0] }
    }

    func problems(_ source: String) throws -> [String] {
        try Template.parse(source).htmlProblems()
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "//evil.example/x", "evil.example",
        "javascript&#58;alert(1)", "file:///etc/passwd",
    ])
    func unsafeURLsBecomeAHarmlessPlaceholder(_ url: String) throws {
        let rendered = try render(#"<a href="{{trigger.url}}">Open</a>"#, ["trigger.url": .string(url)])
        #expect(rendered.html == ##"<a href="#">Open</a>"##)
        #expect(rendered.notes.count == 1)
        #expect(rendered.notes.first?.contains("{{trigger.url}} in href") == true)
    }

    @Test(arguments: ["https://shop.example/p?a=1&b=2", "http://x.example", "mailto:ann@example.com", "tel:+15551234567", "HTTPS://X.EXAMPLE"])
    func safeURLsStayEscaped(_ url: String) throws {
        let rendered = try render(#"<img src='{{trigger.url}}'>"#, ["trigger.url": .string(url)])
        #expect(rendered.html == "<img src='\(url.replacingOccurrences(of: "&", with: "&amp;"))'>")
        #expect(rendered.notes.isEmpty)
    }

    @Test func aURLAfterALiteralSchemeIsAPathNotAScheme() throws {
        let rendered = try render(#"<a href="https://shop.example/p/{{trigger.id}}">x</a>"#, ["trigger.id": "javascript:alert(1)"])
        #expect(rendered.html == #"<a href="https://shop.example/p/javascript:alert(1)">x</a>"#)
        #expect(try problems(#"<a href="java{{trigger.rest}}">x</a>"#).first?.contains("could complete a URL scheme") == true)
        #expect(try problems(#"<a href="/p/{{trigger.id}}">x</a><a href="mailto:{{trigger.id}}">y</a>"#).isEmpty)
    }

    @Test func valuesNeverBreakOutOfTextOrQuotedAttributes() throws {
        let hostile: JSONValue = #"" onmouseover="alert(1)" x='<script>alert(1)</script>"#
        let rendered = try render(#"<p title="{{trigger.x}}" class='{{trigger.x}}'>{{trigger.x}}</p>"#, ["trigger.x": hostile])
        #expect(!rendered.html.contains("<script>"))
        #expect(!rendered.html.contains(#"" onmouseover"#))
        #expect(rendered.html.contains("&quot; onmouseover=&quot;alert(1)&quot; x=&#39;&lt;script&gt;"))
    }

    @Test(arguments: [
        ("<a href={{trigger.url}}>x</a>", "unquoted"), ("<a title=x{{trigger.url}}>x</a>", "unquoted"),
        ("<a {{trigger.url}}>x</a>", "inside a tag"), ("<{{trigger.url}}>", "inside a tag"), ("<a href=\"x\" {{trigger.url}}=1>", "inside a tag"),
        ("<img onerror=\"{{trigger.url}}\">", "event-handler"), ("<p style=\"color: {{trigger.url}}\">", "style attribute"),
        ("<script>var x = '{{trigger.url}}';</script>", "<script>"), ("<style>p { color: {{trigger.url}} }</style>", "<style>"),
        ("<!-- {{trigger.url}} -->", "comment"), ("<title>{{trigger.url}}</title>", "<title>"),
    ])
    func refusesPlacesNoEscapingMakesSafe(_ source: String, _ reason: String) throws {
        let found = try problems(source)
        #expect(found.count == 1, "\(source): \(found)")
        #expect(found.first?.contains(reason) == true, "\(source): \(found)")
    }

    @Test func followsTheMarkupAroundPlaceholdersCorrectly() throws {
        let fine = [
            "<p>{{trigger.x}}</p><script>var a = 1;</script><p>{{trigger.x}}</p>",
            "<a href=\"https://x.example\" title=\"{{trigger.x}}\">{{trigger.x}}</a>",
            "<!-- a comment --><p data-x='a > b'>{{trigger.x}}</p>", "<p>1 < 2 and {{trigger.x}}</p>",
            "<!DOCTYPE html><html><body>{{trigger.x}}</body></html>", "<br/>{{trigger.x}}<img src=\"https://x.example/a.png\" />",
            "<STYLE>p{}</STYLE>{{trigger.x}}",
        ]
        for source in fine {
            #expect(try problems(source).isEmpty, "\(source)")
        }
    }

    @Test func theDefaultIsCheckedLikeAValue() throws {
        let rendered = try render(#"<a href="{{trigger.url | default: "javascript:alert(1)"}}">x</a>"#, [:])
        #expect(rendered.html == ##"<a href="#">x</a>"##)
    }
}
