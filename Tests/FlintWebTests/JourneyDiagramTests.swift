import FlintCore
@testable import FlintWeb
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("JourneyDiagram")
struct JourneyDiagramTests {
    /// The triggers journeys look up: the built-in ones and `vip_seen`, one that steps may activate.
    static let triggers = BuiltinTriggers.definitions + [
        TriggerDefinition(
            name: "vip_seen", title: "VIP seen", customerType: .contact,
            attributes: [AttributeDefinition(name: "where", type: .text, required: true)])
    ]

    /// A journey on `contact_created` with these steps, read the way the API reads one.
    static func journey(_ steps: String, name: String = "Welcome") throws -> JourneyDefinition {
        let body = try JSONParser.parse(#"{"name": "\#(name)", "trigger": "contact_created", "steps": [\#(steps)]}"#)
        return try JourneyDefinition.parse(body, triggers: { name in triggers.first { $0.name == name } })
    }

    /// A journey without steps: the API refuses one, but the type allows it.
    static let empty = JourneyDefinition(name: "Empty", trigger: "contact_created", steps: [])

    static let email = #"{"id": "welcome", "type": "email", "subject": "Welcome to the club, here is everything you need to know", "html": "<p>Hi</p>", "purpose": "commercial"}"#
    static let wait = #"{"id": "pause", "type": "wait", "duration": "P2D"}"#
    static let webhook = #"{"id": "notify", "type": "webhook", "url": "https://hooks.example.com/flint?token=secret", "method": "PUT"}"#

    static let linear = try! journey([email, wait, webhook].joined(separator: ","))

    static let branch = try! journey(#"""
        {"id": "where", "type": "branch",
         "branches": [
           {"label": "lobby", "when": {"all": []}, "steps": [{"id": "hello", "type": "sms", "text": "Hello from the lobby", "purpose": "commercial"}]},
           {"label": "terrace", "when": {"all": []}, "steps": [
             {"id": "short", "type": "wait", "duration": "PT90M"},
             {"id": "promo", "type": "email", "subject": "Up on the terrace", "html": "<p>Hi</p>", "purpose": "commercial"}]}],
         "otherwise": [{"id": "fallback", "type": "webhook", "url": "http://127.0.0.1:9000/hook"}]},
        {"id": "after", "type": "activateTrigger", "trigger": "vip_seen", "attributes": {"where": "terrace"}}
        """#)

    static let waitForClick = try! journey(#"""
        {"id": "welcome", "type": "email", "subject": "Hi", "html": "<p><a href=\"https://example.com\">Go</a></p>", "purpose": "commercial"},
        {"id": "click", "type": "waitForTrigger", "trigger": "email_link_clicked", "timeout": "P2D",
         "matched": [{"id": "thanks", "type": "email", "subject": "Thanks", "html": "<p>Thanks</p>", "purpose": "commercial"}],
         "timedOut": [{"id": "nudge", "type": "sms", "text": "Still there?", "purpose": "commercial"}]}
        """#)

    // MARK: Layout

    @Test func aLinearJourneyStacksItsBoxesInOrder() throws {
        let svg = try Drawing(JourneyDiagram.svg(for: Self.linear, stats: nil))
        let boxes = try ["welcome", "pause", "notify"].map { try #require(svg.box($0), "\($0)") }
        #expect(boxes[0].y < boxes[1].y && boxes[1].y < boxes[2].y)
        for (upper, lower) in zip(boxes, boxes.dropFirst()) { #expect(upper.bottom < lower.y) }
        #expect(Set(boxes.map(\.centerX)).count == 1)
        let start = try #require(svg.rect(inGroupOfClass: "start"))
        let end = try #require(svg.rect(inGroupOfClass: "end"))
        #expect(start.bottom < boxes[0].y && boxes[2].bottom < end.y)
        #expect(svg.texts(ofClass: "start-label") == ["When contact_created fires"])
        #expect(svg.texts(ofClass: "end-label") == ["End"])
        #expect(svg.texts(ofClass: "step-type") == ["Email", "Wait", "Webhook"])
        #expect(svg.texts(ofClass: "step-id") == ["welcome", "pause", "notify"])
        #expect(svg.texts(ofClass: "step-detail") == ["Welcome to the club, here is everything…", "Wait 2 days", "PUT hooks.example.com"])
        #expect(svg.groupClasses == ["start", "step step-email", "step step-wait", "step step-webhook", "end"])
        // One arrow between each two of the five nodes.
        #expect(svg.elements(named: "path").filter { $0["class"] == "edge" }.count == 4)
    }

    @Test func aBranchLaysItsColumnsSideBySideAndJoinsBelowThem() throws {
        let svg = try Drawing(JourneyDiagram.svg(for: Self.branch, stats: nil))
        let fork = try #require(svg.box("where"))
        let lobby = try #require(svg.box("hello"))
        let terrace = try [#require(svg.box("short")), #require(svg.box("promo"))]
        let otherwise = try #require(svg.box("fallback"))
        let after = try #require(svg.box("after"))
        #expect(lobby.centerX < terrace[0].centerX && terrace[0].centerX < otherwise.centerX)
        #expect(terrace[0].centerX == terrace[1].centerX && terrace[0].bottom < terrace[1].y)
        #expect(lobby.y == terrace[0].y && lobby.y == otherwise.y && fork.bottom < lobby.y)
        #expect(lobby.right <= terrace[0].x && terrace[0].right <= otherwise.x)
        #expect(svg.texts(ofClass: "fork-label") == ["lobby", "terrace", "Otherwise"])
        let joins = svg.elements(named: "circle").filter { $0["class"] == "join" }
        #expect(joins.count == 1)
        let joinY = try #require(joins.first?.number("cy"))
        #expect(joinY > lobby.bottom && joinY > terrace[1].bottom && joinY > otherwise.bottom)
        #expect(after.y > joinY && after.centerX == fork.centerX)
        // The drawing is as wide as the three columns with the margins.
        #expect(svg.width >= 3 * 280 + 2 * 24 + 2 * 16 && svg.viewBox == "0 0 \(svg.width) \(svg.height)")
        #expect(svg.texts(ofClass: "step-detail").contains("2 branches + otherwise"))
        #expect(svg.texts(ofClass: "step-detail").contains("Wait 1 hour 30 minutes"))
        #expect(svg.texts(ofClass: "step-detail").contains("POST 127.0.0.1:9000"))
        #expect(svg.texts(ofClass: "step-detail").contains("Activates vip_seen"))
    }

    @Test func aTriggerWaitShowsBothOutcomesAndItsTimeout() throws {
        let svg = try Drawing(JourneyDiagram.svg(for: Self.waitForClick, stats: nil))
        #expect(svg.texts(ofClass: "step-type").contains("Wait for trigger"))
        #expect(svg.texts(ofClass: "step-detail").contains("Wait up to 2 days for email_link_clicked"))
        #expect(svg.texts(ofClass: "fork-label") == ["matched", "timed out (after 2 days)"])
        let thanks = try #require(svg.box("thanks"))
        let nudge = try #require(svg.box("nudge"))
        let wait = try #require(svg.box("click"))
        #expect(thanks.centerX < nudge.centerX && wait.bottom < thanks.y && thanks.y == nudge.y)
        let end = try #require(svg.rect(inGroupOfClass: "end"))
        #expect(end.y > max(thanks.bottom, nudge.bottom))
    }

    @Test func anEmptyOutcomeStillHasItsColumnAndLabel() throws {
        let definition = try Self.journey(#"""
            {"id": "click", "type": "waitForTrigger", "trigger": "email_link_clicked", "timeout": "P1DT12H", "matched": [],
             "timedOut": [{"id": "nudge", "type": "sms", "text": "Still there?", "purpose": "commercial"}]}
            """#)
        let svg = try Drawing(JourneyDiagram.svg(for: definition, stats: nil))
        #expect(svg.texts(ofClass: "fork-label") == ["matched", "timed out (after 1 day 12 hours)"])
        let wait = try #require(svg.box("click"))
        let nudge = try #require(svg.box("nudge"))
        #expect(nudge.centerX > wait.centerX)
    }

    // MARK: Counts

    @Test func countsAppearOnlyWithStats() throws {
        let stats = JourneyStats(
            entered: 1_500, completed: 1_180, exited: 2,
            steps: [
                "welcome": .init(reached: 1_234, sent: 1_200, failed: 3, opens: 1, clicks: 12),
                "pause": .init(reached: 1_200),
            ])
        let counted = try Drawing(JourneyDiagram.svg(for: Self.linear, stats: stats))
        #expect(
            counted.texts(ofClass: "count") == [
                "1,500 entered", "1,234 reached · 1,200 sent · 3 failed · 1 open · 12 clicks", "1,200 reached", "0 reached",
                "1,180 completed · 2 exited",
            ])
        let welcome = try #require(counted.group("welcome"))
        #expect(
            welcome.title
                == "Email step welcome: sends an email with the subject “Welcome to the club, here is everything you need to know”. "
                + "1,234 reached, 1,200 sent, 3 failed, 1 open, 12 clicks.")
        // A counts line makes each box taller.
        let plain = try Drawing(JourneyDiagram.svg(for: Self.linear, stats: nil))
        let countedPause = try #require(counted.box("pause"))
        let plainPause = try #require(plain.box("pause"))
        #expect(countedPause.height == plainPause.height + 16)
        #expect(plain.texts(ofClass: "count").isEmpty)
        #expect(!plain.markup.contains("reached") && !plain.markup.contains("entered") && !plain.markup.contains("completed"))
    }

    @Test func longCountsAreSqueezedNotCut() throws {
        let big = 123_456_789
        let stats = JourneyStats(steps: ["welcome": .init(reached: big, sent: big, failed: big, skipped: big, opens: big, clicks: big)])
        let svg = try Drawing(JourneyDiagram.svg(for: Self.linear, stats: stats))
        let welcome = try #require(svg.group("welcome"))
        let line = try #require(svg.children(of: welcome.element).first { $0["class"] == "count" })
        #expect(line.text.hasSuffix("123,456,789 clicks") && line["textLength"] == "264")
    }

    // MARK: Escaping and well-formedness

    @Test func markupInUserTextIsEscaped() throws {
        var definition = try Self.journey(
            #"{"id": "b", "type": "branch", "branches": [{"label": "<script>alert(1)</script>", "when": {"all": []}}]}"#,
            name: #"Tom & Jerry's \"<b>\""#)
        let email = EmailStep(
            subject: Template(source: "<script>x</script>", parts: []), html: Template(source: "", parts: []), purpose: .commercial)
        definition.steps.append(Step(id: "<script>id", kind: .email(email)))
        let markup = JourneyDiagram.svg(for: definition, stats: JourneyStats(steps: ["<script>id": .init(reached: 1)])).markup
        #expect(!markup.contains("<script"))
        #expect(!markup.contains("<b>"))
        #expect(markup.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let svg = try Drawing(HTML(markup: markup))
        #expect(svg.title == #"Flow of the journey “Tom & Jerry's "<b>"”"#)
        #expect(svg.texts(ofClass: "fork-label") == ["<script>alert(1)</script>", "Otherwise"])
        #expect(svg.texts(ofClass: "step-id").last == "<script>id")
        #expect(svg.group("<script>id")?.title?.hasPrefix("Email step <script>id: ") == true)
    }

    @Test func theSVGIsWellFormedAndAccessible() throws {
        for definition in [Self.linear, Self.branch, Self.waitForClick, Self.empty] {
            let html = JourneyDiagram.svg(for: definition, stats: JourneyStats(entered: 1))
            let svg = try Drawing(html)
            let root = try #require(svg.elements.first)
            #expect(root.name == "svg" && root["role"] == "img")
            #expect(svg.markup.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" "#))
            let titleID = try #require(root["aria-labelledby"])
            #expect(svg.children(of: root).contains { $0.name == "title" && $0["id"] == titleID })
            #expect(svg.title == "Flow of the journey “\(definition.name)”")
            // Every node group opens with its own title, and nothing carries inline styles (the CSP forbids them).
            for group in svg.elements(named: "g") where group["class"] != "edges" && group["class"] != "nodes" {
                #expect(svg.children(of: group).first?.name == "title", "\(group.attributes)")
            }
            #expect(!svg.elements.contains { $0["style"] != nil })
            #expect(JourneyDiagram.svg(for: definition, stats: JourneyStats(entered: 1)) == html)
        }
    }

    @Test func aJourneyWithoutStepsGoesFromStartToEnd() throws {
        let svg = try Drawing(JourneyDiagram.svg(for: Self.empty, stats: nil))
        #expect(svg.groupClasses == ["start", "end"])
        let start = try #require(svg.rect(inGroupOfClass: "start"))
        let end = try #require(svg.rect(inGroupOfClass: "end"))
        #expect(start.bottom < end.y)
    }

    // MARK: Wording

    @Test func durationsNumbersAndCuts() throws {
        let duration = { (text: String) in JourneyDiagram.Words.duration(ISODuration.parse(text)!) }
        #expect(duration("P1D") == "1 day")
        #expect(duration("P14D") == "2 weeks")
        #expect(duration("P10D") == "10 days")
        #expect(duration("P1DT12H") == "1 day 12 hours")
        #expect(duration("PT90M") == "1 hour 30 minutes")
        #expect(duration("PT45S") == "45 seconds")
        #expect(JourneyDiagram.Words.number(0) == "0")
        #expect(JourneyDiagram.Words.number(999) == "999")
        #expect(JourneyDiagram.Words.number(1_234_567) == "1,234,567")
        #expect(JourneyDiagram.Words.truncated("abcdef", to: 6) == "abcdef")
        #expect(JourneyDiagram.Words.truncated("abc defg", to: 5) == "abc…")
        #expect(JourneyDiagram.Words.flattened(" a\n\n b\tc ") == "a b c")
    }
}

/// A diagram read back with `XMLParser`: its elements in document order, so tests check positions and
/// texts rather than the markup's spelling. Reading fails when the markup is not well-formed XML.
struct Drawing {
    struct Element {
        /// Its place in ``Drawing/elements``.
        var index: Int
        var name: String
        var attributes: [String: String]
        /// The index of the enclosing element; nil for the root.
        var parent: Int?
        var text = ""

        subscript(attribute: String) -> String? { attributes[attribute] }

        func number(_ attribute: String) -> Int? { attributes[attribute].flatMap { Int($0) } }
    }

    /// A `<rect>`'s frame.
    struct Frame {
        var x, y, width, height: Int
        var right: Int { x + width }
        var bottom: Int { y + height }
        var centerX: Int { x + width / 2 }
    }

    struct ParseError: Error {
        var message: String
    }

    let markup: String
    let elements: [Element]

    init(_ html: HTML) throws {
        markup = html.markup
        let reader = Reader()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw ParseError(message: "\(parser.parserError.map { "\($0)" } ?? "not well-formed") in \(markup)")
        }
        elements = reader.elements
    }

    var width: Int { elements.first?.number("width") ?? 0 }
    var height: Int { elements.first?.number("height") ?? 0 }
    var viewBox: String? { elements.first?["viewBox"] }
    /// The diagram's own `<title>`.
    var title: String? { elements.first.flatMap { children(of: $0).first { $0.name == "title" }?.text } }

    /// The classes of the node groups, top to bottom in document order.
    var groupClasses: [String] {
        elements(named: "g").compactMap(\.["class"]).filter { $0 != "edges" && $0 != "nodes" }
    }

    func elements(named name: String) -> [Element] {
        elements.filter { $0.name == name }
    }

    func texts(ofClass className: String) -> [String] {
        elements(named: "text").filter { $0["class"] == className }.map(\.text)
    }

    func children(of element: Element) -> [Element] {
        elements.filter { $0.parent == element.index }
    }

    /// The group of the step with `id`, and its `<title>`.
    func group(_ id: String) -> (element: Element, title: String?)? {
        guard let group = elements.first(where: { $0.name == "g" && $0["data-step"] == id }) else { return nil }
        return (group, children(of: group).first { $0.name == "title" }?.text)
    }

    /// The box of the step with `id`.
    func box(_ id: String) -> Frame? {
        group(id).flatMap { frame(in: $0.element) }
    }

    /// The rectangle of the first group with class `className`.
    func rect(inGroupOfClass className: String) -> Frame? {
        elements(named: "g").first { $0["class"] == className }.flatMap(frame(in:))
    }

    private func frame(in group: Element) -> Frame? {
        guard let rect = children(of: group).first(where: { $0.name == "rect" }),
            let x = rect.number("x"), let y = rect.number("y"), let width = rect.number("width"), let height = rect.number("height")
        else { return nil }
        return Frame(x: x, y: y, width: width, height: height)
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append(Element(index: elements.count, name: elementName, attributes: attributes, parent: open.last))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }
    }
}
