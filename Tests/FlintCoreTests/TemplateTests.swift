import Testing
import FlintCore

@Suite("Template")
struct TemplateTests {
    func parseError(_ source: String) -> TemplateError? {
        do {
            let template = try Template.parse(source)
            Issue.record("accepted \(source): \(template.parts)")
            return nil
        } catch {
            return error
        }
    }

    // MARK: Parsing

    @Test func parsesTextAndPlaceholders() throws {
        let template = try Template.parse("Hi {{customer.firstName}}, you are in {{ trigger.location }}!")
        #expect(template.source == "Hi {{customer.firstName}}, you are in {{ trigger.location }}!")
        #expect(template.parts == [
            .text("Hi "), .placeholder(path: "customer.firstName", fallback: nil),
            .text(", you are in "), .placeholder(path: "trigger.location", fallback: nil), .text("!"),
        ])
        #expect(template.paths == ["customer.firstName", "trigger.location"])
    }

    @Test func parsesFallbacksWithEscapesAndLooseWhitespace() throws {
        let template = try Template.parse("{{\n  customer.firstName\t|default :  \"say \\\"hi\\\" \\\\ {{ }}\"  }}")
        #expect(template.parts == [.placeholder(path: "customer.firstName", fallback: "say \"hi\" \\ {{ }}")])
        #expect(try Template.parse("{{x|default:\"\"}}").parts == [.placeholder(path: "x", fallback: "")])
    }

    @Test func literalTextMayHoldClosingBracesAndSingleBraces() throws {
        let json = "{\"a\": {\"b\": 1}}"
        #expect(try Template.parse(json).parts == [.text(json)])
        #expect(try Template.parse("{ {{trigger.a}} }").parts == [.text("{ "), .placeholder(path: "trigger.a", fallback: nil), .text(" }")])
        #expect(try Template.parse("{\"n\": \"{{trigger.a}}\"}}").parts.count == 3)
        #expect(try Template.parse("").parts.isEmpty)
    }

    @Test(arguments: [
        ("Hi {{ trigger.location", 3, "unterminated"),
        ("{{ trigger.location }", 0, "unterminated"),
        ("{{ trigger.location | default: \"x\" ", 0, "unterminated"),
        ("ab{{}}", 2, "empty placeholder"),
        ("{{   }}", 0, "empty placeholder"),
        ("{{ trigger..location }}", 3, "bad path"),
        ("{{ .trigger }}", 3, "bad path"),
        ("{{ trigger. }}", 3, "bad path"),
        ("{{ 1trigger }}", 3, "bad path"),
        ("{{ trigger.2x }}", 3, "bad path"),
        ("{{ trigger-location }}", 10, "bad path"),
        ("{{ trigger.lo cation }}", 14, "expected }}"),
        ("{{ trigger.café }}", 14, "bad path"),
        ("{{ | default: \"x\" }}", 3, "bad path"),
        ("{{ x | upcase }}", 7, "unknown filter \"upcase\""),
        ("{{ x | }}", 7, "filter name is missing"),
        ("{{ x | default \"y\" }}", 15, "expected :"),
        ("{{ x | default: y }}", 16, "bad fallback"),
        ("{{ x | default: 'y' }}", 16, "bad fallback"),
        ("{{ x | default: \"a\\nb\" }}", 18, "bad fallback"),
        ("{{ x | default: \"open }}", 16, "bad fallback"),
        ("{{{ trigger.location }}}", 0, "triple braces"),
        ("a {{{{x}}}}", 2, "triple braces"),
        ("😀😀 {{ }}", 3, "empty placeholder"),
    ])
    func refusesBadSyntaxWithItsOffset(source: String, offset: Int, message: String) throws {
        let error = try #require(parseError(source))
        #expect(error.offset == offset, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasSuffix("at character \(offset)"))
    }

    @Test func pathSyntax() {
        #expect(Template.isValidPath("trigger.order.total"))
        #expect(Template.isValidPath("_a.B_9"))
        #expect(!Template.isValidPath(""))
        #expect(!Template.isValidPath("a..b"))
        #expect(!Template.isValidPath("a.9"))
        #expect(!Template.isValidPath("a-b"))
    }

    // MARK: Rendering

    static let values: [String: JSONValue] = [
        "s": "text", "int": 3, "fraction": 12.5, "negative": -0.25, "big": 1e21, "yes": true, "no": false,
        "null": .null, "empty": "", "list": [1, "a", .null], "object": ["k": "v", "n": 2],
    ]

    func render(_ source: String, _ escaping: TemplateEscaping = .plain, _ values: [String: JSONValue] = values) throws -> String {
        try Template.parse(source).render(escaping: escaping) { values[$0] }
    }

    /// Email HTML, which has its own renderer.
    func renderHTML(_ source: String, _ values: [String: JSONValue] = values) throws -> String {
        try Template.parse(source).renderHTML { values[$0] }.html
    }

    @Test func rendersValuesAsText() throws {
        #expect(try render("{{s}} {{int}} {{fraction}} {{negative}} {{yes}} {{no}}") == "text 3 12.5 -0.25 true false")
        #expect(try render("{{list}} {{object}}") == "[1,\"a\",null] {\"k\":\"v\",\"n\":2}")
        #expect(try render("{{big}}") == "1e+21")
    }

    @Test func missingNullAndEmptyValuesRenderTheFallbackOrNothing() throws {
        #expect(try render("[{{missing}}][{{null}}][{{empty}}]") == "[][][]")
        #expect(try render("{{missing | default: \"a\"}} {{null | default: \"b\"}} {{empty | default: \"c\"}}") == "a b c")
        #expect(try render("{{s | default: \"unused\"}}") == "text")
        #expect(try render("{{no | default: \"unused\"}}") == "false")
    }

    @Test func htmlEscapesValuesAndFallbacksButNotTheTemplatesOwnText() throws {
        let attack: [String: JSONValue] = ["x": "<script>alert(1)</script>", "q": "Tom & \"Jerry\" 'n'"]
        #expect(try renderHTML("<p>{{x}}</p>", attack) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(try renderHTML("<a title=\"{{q}}\">", attack) == "<a title=\"Tom &amp; &quot;Jerry&quot; &#39;n&#39;\">")
        #expect(try renderHTML("<b>{{none | default: \"<i>&</i>\"}}</b>") == "<b>&lt;i&gt;&amp;&lt;/i&gt;</b>")
        #expect(try renderHTML("{{list}}") == "[1,&quot;a&quot;,null]")
        // A combining mark after a quote must not hide it from the escaper.
        #expect(try renderHTML("{{x}}", ["x": "\"\u{301}"]) == "&quot;\u{301}")
    }

    @Test func jsonStringEscapingKeepsAWebhookBodyInert() throws {
        let attack = "\"}, \"x\": \""
        let body = try render("{\"where\": \"{{x}}\"}", .jsonString, ["x": .string(attack)])
        #expect(body == "{\"where\": \"\\\"}, \\\"x\\\": \\\"\"}")
        let parsed = try JSONParser.parse(body)
        #expect(parsed == ["where": .string(attack)])

        let script = "<script>alert(1)</script>"
        let rendered = try render("\"{{x}}\"", .jsonString, ["x": .string(script)])
        #expect(rendered == "\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"")
        #expect(try JSONParser.parse(rendered) == .string(script))
    }

    @Test func jsonStringEscapesBackslashesControlsAndSeparators() throws {
        let value = "a\\b\nc\t\u{1}\u{7f}&\u{2028}é😀"
        let rendered = try render("{{x}}", .jsonString, ["x": .string(value)])
        #expect(rendered == "a\\\\b\\u000ac\\u0009\\u0001\\u007f\\u0026\\u2028é😀")
        #expect(try JSONParser.parse("\"" + rendered + "\"") == .string(value))
        #expect(try render("{{none | default: \"say \\\"hi\\\"\"}}", .jsonString) == "say \\\"hi\\\"")
    }

    @Test func plainInsertsValuesAsTheyAre() throws {
        #expect(try render("<{{x}}>", .plain, ["x": "<b>&\"</b>"]) == "<<b>&\"</b>>")
    }

    @Test func rendersFromJourneyData() throws {
        let data = JourneyData(
            trigger: ["location": "lobby", "order": "o-1"],
            records: ["order": ["total": 120.5]],
            customer: Customer(id: "c-1", firstName: "Ada", attributes: ["tier": "gold"]))
        let template = try Template.parse(
            "{{customer.firstName}} {{customer.id}} {{trigger.location}} {{trigger.order}} {{trigger.order.total}} {{customer.attributes.tier}} [{{customer.email}}]")
        #expect(template.render(escaping: .plain, data: data) == "Ada c-1 lobby o-1 120.5 gold []")
        let anonymous = JourneyData(trigger: ["location": "lobby"])
        let greeting = try Template.parse("Welcome {{customer.firstName | default: \"friend\"}}")
        #expect(greeting.renderHTML(data: anonymous).html == "Welcome friend")
    }
}

@Suite("Templates in email headers")
struct HeaderLineTemplateTests {
    /// A value with line breaks cannot start a header line: they become spaces, and the email still goes.
    @Test(arguments: ["Ann\r\nBcc: victim@example.com", "Ann\nBcc: x", "Ann\u{2028}Eve", "Ann\u{85}Eve", "tab\there\u{7F}"])
    func lineBreaksInValuesBecomeSpaces(value: String) throws {
        let template = try Template.parse("About {{trigger.note}}")
        let subject = template.render(escaping: .headerLine) { _ in .string(value) }
        #expect(!subject.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 || $0.value == 0x2028 })
        #expect(subject.hasPrefix("About Ann") || subject.hasPrefix("About tab"))
    }

    @Test func ordinaryValuesAreUntouched() throws {
        let template = try Template.parse("Hi {{customer.firstName}} <3 & \"you\"")
        #expect(template.render(escaping: .headerLine) { _ in .string("Zoë 😀") } == "Hi Zoë 😀 <3 & \"you\"")
    }
}
