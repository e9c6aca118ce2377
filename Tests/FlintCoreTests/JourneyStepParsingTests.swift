import Testing
import FlintCore

/// Step problems of `JourneyDefinition.parse`, each named by its exact field path.
@Suite("JourneyDefinition.parse steps")
struct JourneyStepParsingTests {
    let suite = JourneyDefinitionParsingTests()

    func journey(_ steps: JSONValue...) -> JSONValue {
        JourneyDefinitionParsingTests.journey(steps)
    }

    func expectProblem(_ body: JSONValue, at field: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        suite.expectProblem(body, at: field, text, sourceLocation: sourceLocation)
    }

    func accepts(_ steps: JSONValue..., sourceLocation: SourceLocation = #_sourceLocation) {
        accepts(steps, sourceLocation: sourceLocation)
    }

    func accepts(_ steps: [JSONValue], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try JourneyDefinitionParsingTests.parse(JourneyDefinitionParsingTests.journey(steps))
        } catch {
            Issue.record("refused: \(error.details)", sourceLocation: sourceLocation)
        }
    }

    func wait(_ id: String) -> JSONValue { ["id": .string(id), "type": "wait", "duration": "PT1M"] }

    func branch(_ id: String, when: JSONValue = ["all": []], steps: [JSONValue] = [], otherwise: [JSONValue] = []) -> JSONValue {
        ["id": .string(id), "type": "branch", "branches": [["label": "yes", "when": when, "steps": .array(steps)]],
         "otherwise": .array(otherwise)]
    }

    // MARK: Ids and types

    @Test func stepIDs() {
        expectProblem(journey(["type": "wait", "duration": "PT1M"]), at: "steps[0].id", "is required")
        for bad in ["1st", "a b", "_a", "a.b", "ä", String(repeating: "a", count: 65)] {
            #expect(suite.fields(journey(["id": .string(bad), "type": "wait", "duration": "PT1M"])) == ["steps[0].id"], "\(bad)")
        }
        accepts(wait("A-b_9"), wait(String(repeating: "a", count: 64)))
    }

    @Test func stepIDsAreUniqueAcrossTheWholeTree() {
        expectProblem(journey(wait("a"), wait("a")), at: "steps[1].id", "\"a\" is already the id of steps[0]")
        expectProblem(journey(branch("b", otherwise: [wait("b")])), at: "steps[0].otherwise[0].id", "already the id of steps[0]")
        expectProblem(
            journey(branch("b", steps: [wait("x")]), ["id": "t", "type": "waitForTrigger", "trigger": "purchase_completed",
                                                     "timeout": "P1D", "timedOut": [wait("x")]]),
            at: "steps[1].timedOut[0].id", "already the id of steps[0].branches[0].steps[0]")
    }

    @Test func stepTypesAndFields() {
        expectProblem(journey(["id": "a"]), at: "steps[0].type", "is required")
        expectProblem(journey(["id": "a", "type": "sleep"]), at: "steps[0].type", "must be one of \"branch\", \"wait\", \"waitForTrigger\"")
        expectProblem(journey(["id": "a", "type": "wait", "duration": "PT1M", "subject": "x"]), at: "steps[0].subject", "is not a known field")
        expectProblem(journey("wait"), at: "steps[0]", "expected an object")
    }

    // MARK: Branch

    @Test func branchProblems() {
        expectProblem(journey(["id": "b", "type": "branch"]), at: "steps[0].branches", "is required")
        expectProblem(journey(["id": "b", "type": "branch", "branches": []]), at: "steps[0].branches", "at least one branch")
        expectProblem(journey(["id": "b", "type": "branch", "branches": [["label": "x", "when": ["all": []], "if": 1]]]),
                      at: "steps[0].branches[0].if", "is not a known field")
        expectProblem(journey(["id": "b", "type": "branch", "branches": [["when": ["all": []]]]]), at: "steps[0].branches[0].label", "is required")
        expectProblem(journey(["id": "b", "type": "branch", "branches": [["label": "x"]]]), at: "steps[0].branches[0].when", "is required")
        expectProblem(journey(["id": "b", "type": "branch", "branches": [["label": "x", "when": ["all": []]], ["label": "x", "when": ["any": []]]]]),
                      at: "steps[0].branches[1].label", "already the label")
        expectProblem(journey(["id": "b", "type": "branch", "branches": ["x"]]), at: "steps[0].branches[0]", "expected an object")
        expectProblem(journey(branch("b", otherwise: [["id": "s", "type": "sms", "text": "hi"]])), at: "steps[0].otherwise[0].purpose", "is required")
        accepts(["id": "b", "type": "branch", "branches": [["label": "x", "when": ["all": []]]]])
    }

    @Test func branchConditionsAreNamedByTheirFullPath() {
        let body = journey(wait("first"), [
            "id": "b", "type": "branch",
            "branches": [
                ["label": "one", "when": ["attribute": "trigger.location", "op": "equals", "value": "lobby"], "steps": []],
                ["label": "two", "when": ["all": [["attribute": "trigger.location", "op": "lessThan", "value": 3]]], "steps": []],
            ],
        ])
        expectProblem(body, at: "steps[1].branches[1].when.all[0].op", "\"lessThan\" does not fit trigger.location")
    }

    // MARK: Wait and waitForTrigger

    @Test func waitProblems() {
        expectProblem(journey(["id": "w", "type": "wait"]), at: "steps[0].duration", "is required")
        expectProblem(journey(["id": "w", "type": "wait", "duration": "PT1M", "until": "2026-11-26T10:00:00Z"]), at: "steps[0].until", "not both")
        expectProblem(journey(["id": "w", "type": "wait", "duration": "10 minutes"]), at: "steps[0].duration", "ISO 8601 duration")
        expectProblem(journey(["id": "w", "type": "wait", "duration": "P1M"]), at: "steps[0].duration", "no years or months")
        expectProblem(journey(["id": "w", "type": "wait", "duration": 600]), at: "steps[0].duration", "expected a string")
        expectProblem(journey(["id": "w", "type": "wait", "until": "tomorrow"]), at: "steps[0].until", "RFC 3339")
        accepts(["id": "w", "type": "wait", "until": "2026-11-26T10:00:00.5-05:00"])
    }

    @Test func waitForTriggerProblems() {
        let base: JSONObject = ["id": "t", "type": "waitForTrigger", "trigger": "purchase_completed", "timeout": "P1D"]
        func with(_ changes: JSONObject) -> JSONValue {
            var object = base
            for member in changes { object[member.key] = member.value == .null ? nil : member.value }
            return journey(.object(object))
        }
        accepts(.object(base))
        expectProblem(with(["trigger": "nope"]), at: "steps[0].trigger", "trigger \"nope\" does not exist")
        expectProblem(with(["trigger": .null]), at: "steps[0].trigger", "is required")
        expectProblem(with(["timeout": .null]), at: "steps[0].timeout", "is required")
        expectProblem(with(["timeout": "1 day"]), at: "steps[0].timeout", "ISO 8601 duration")
        expectProblem(with(["matched": "x"]), at: "steps[0].matched", "expected an array")
        expectProblem(with(["timedOut": [["id": "n", "type": "sms", "text": "{{trigger.total}}", "purpose": "commercial"]]]),
                      at: "steps[0].timedOut[0].text", "\"total\" is not an attribute of trigger \"wifi_signup\"")
    }

    // MARK: Email and SMS

    @Test func emailProblems() {
        let base: JSONObject = ["id": "e", "type": "email", "subject": "Hi", "html": "<p>Hi</p>", "purpose": "commercial"]
        func with(_ changes: JSONObject) -> JSONValue {
            var object = base
            for member in changes { object[member.key] = member.value == .null ? nil : member.value }
            return journey(.object(object))
        }
        accepts(.object(base))
        expectProblem(with(["subject": .null]), at: "steps[0].subject", "is required")
        expectProblem(with(["html": .null]), at: "steps[0].html", "is required")
        expectProblem(with(["purpose": .null]), at: "steps[0].purpose", "is required")
        expectProblem(with(["purpose": "marketing"]), at: "steps[0].purpose", "must be one of \"commercial\", \"transactional\"")
        expectProblem(with(["subject": "Hi\r\nBcc: x@example.com"]), at: "steps[0].subject", "one line")
        expectProblem(with(["html": "<p>{{ trigger.location </p>"]), at: "steps[0].html", "unterminated placeholder: {{ is not closed with }} at character 3")
        expectProblem(with(["html": "{{{trigger.location}}}"]), at: "steps[0].html", "triple braces")
        expectProblem(with(["html": "<a href={{trigger.location}}>x</a>"]), at: "steps[0].html", "unquoted value of href")
        expectProblem(with(["html": "<a onclick=\"{{trigger.location}}\">x</a>"]), at: "steps[0].html", "event-handler")
        expectProblem(with(["text": "{{ customer.nickname }}"]), at: "steps[0].text", "unknown path \"customer.nickname\"")
        expectProblem(with(["subject": "{{ trigger.location | upper }}"]), at: "steps[0].subject", "unknown filter \"upper\"")
    }

    @Test func smsProblems() {
        expectProblem(journey(["id": "s", "type": "sms", "purpose": "commercial"]), at: "steps[0].text", "is required")
        expectProblem(journey(["id": "s", "type": "sms", "text": .string(String(repeating: "x", count: 1601)), "purpose": "commercial"]),
                      at: "steps[0].text", "at most 1600")
        expectProblem(journey(["id": "s", "type": "sms", "text": "Hi {{ trigger.order.total | default: 3 }}", "purpose": "commercial"]),
                      at: "steps[0].text", "bad fallback")
        expectProblem(journey(["id": "s", "type": "sms", "text": "Hi {{ trigger.location.city }}", "purpose": "commercial"]),
                      at: "steps[0].text", "only entityReference attributes have fields")
        accepts(["id": "s", "type": "sms", "text": "Hi {{ trigger.order.total }} {{customer.attributes.tier}}", "purpose": "transactional"])
    }

    // MARK: Webhook

    func webhook(_ changes: JSONObject) -> JSONValue {
        var object: JSONObject = ["id": "h", "type": "webhook", "url": "https://example.com/hook"]
        for member in changes { object[member.key] = member.value == .null ? nil : member.value }
        return journey(.object(object))
    }

    @Test func webhookURLsAndMethods() {
        accepts(["id": "h", "type": "webhook", "url": "http://127.0.0.1:9000/hook"])
        expectProblem(webhook(["url": .null]), at: "steps[0].url", "is required")
        for url in ["ftp://example.com/x", "/relative/hook", "example.com/hook", "http://", "https:///path", "http://exa mple.com/",
                    "javascript:alert(1)", "mailto:a@example.com"] {
            expectProblem(webhook(["url": .string(url)]), at: "steps[0].url", "absolute http or https URL")
        }
        for method in ["POST", "PUT", "PATCH", "DELETE", "GET"] {
            accepts(["id": "h", "type": "webhook", "url": "https://example.com", "method": .string(method)])
        }
        expectProblem(webhook(["method": "post"]), at: "steps[0].method", "must be one of POST, PUT, PATCH, DELETE, GET")
        expectProblem(webhook(["method": "TRACE"]), at: "steps[0].method", "got \"TRACE\"")
    }

    @Test func webhookHeaders() {
        accepts(["id": "h", "type": "webhook", "url": "https://example.com", "headers": ["Authorization": "Bearer x", "X-Id": "{{not a template}}"]])
        for reserved in ["Idempotency-Key", "flint-signature", "Content-Length", "HOST"] {
            expectProblem(webhook(["headers": [reserved: "x"]]), at: "steps[0].headers.\(reserved)", "is set by Flint")
        }
        expectProblem(webhook(["headers": ["X-Token": "a\r\nEvil: 1"]]), at: "steps[0].headers.X-Token", "line breaks")
        expectProblem(webhook(["headers": ["X-Token": "a\nb"]]), at: "steps[0].headers.X-Token", "line breaks")
        // RFC 9110 field values: every control character, DEL, and non-ASCII (sent as mojibake) are refused.
        for bad in ["a\u{1}b", "a\u{7F}b", "a\u{0}", "a\u{85}b", "caf\u{e9}", "\u{1F389}"] {
            expectProblem(webhook(["headers": ["X-Token": .string(bad)]]), at: "steps[0].headers.X-Token", "must")
        }
        expectProblem(webhook(["headers": ["X-Token": " padded"]]), at: "steps[0].headers.X-Token", "start with a space")
        accepts(["id": "h", "type": "webhook", "url": "https://example.com", "headers": ["X-Token": "a b\tc ~!\"#"]])
        expectProblem(webhook(["headers": ["Bad Name": "x"]]), at: "steps[0].headers.Bad Name", "not a valid header name")
        expectProblem(webhook(["headers": ["X-Bad:": "x"]]), at: "steps[0].headers.X-Bad:", "not a valid header name")
        expectProblem(webhook(["headers": ["X-N": 1]]), at: "steps[0].headers.X-N", "expected a string")
        expectProblem(webhook(["headers": ["X-A": "1", "x-a": "2"]]), at: "steps[0].headers.x-a", "more than once")
        expectProblem(webhook(["headers": "X-A: 1"]), at: "steps[0].headers", "expected an object")
    }

    @Test func webhookBodiesMustRenderToJSONWithPlaceholdersInStrings() {
        for body in [
            "{\"where\": \"{{trigger.location}}\"}",
            "{\"n\": 1, \"list\": [\"{{trigger.amount}}\", \"x{{ customer.firstName | default: \"a \\\"b\\\"\" }}y\"]}",
            "{\"{{trigger.location}}\": true}",
            "[1, 2, 3]",
            "\"{{trigger.order.total}}\"",
        ] {
            accepts(["id": "h", "type": "webhook", "url": "https://example.com", "body": .string(body)])
        }
        for body in [
            "{\"amount\": {{trigger.amount}}}",
            "[{{trigger.location}}]",
            "{\"where\": \"{{trigger.location}}\"",
            "where: {{trigger.location}}",
            "{\"a\": \"x\"{{trigger.location}}}",
            "not json",
            "{\"a\": \"\\{{trigger.location}}\"}",
        ] {
            expectProblem(webhook(["body": .string(body)]), at: "steps[0].body", "must be valid JSON once rendered")
        }
        expectProblem(webhook(["body": "{\"where\": \"{{trigger.place}}\"}"]), at: "steps[0].body", "unknown path \"trigger.place\"")
    }

    // MARK: activateTrigger

    func activate(_ changes: JSONObject) -> JSONValue {
        var object: JSONObject = [
            "id": "a", "type": "activateTrigger", "trigger": "purchase_completed",
            "attributes": ["orderId": "{{trigger.order}}", "total": "{{trigger.amount}}"],
        ]
        for member in changes { object[member.key] = member.value == .null ? nil : member.value }
        return journey(.object(object))
    }

    @Test func activateTriggerProblems() {
        #expect((try? JourneyDefinitionParsingTests.parse(activate([:]))) != nil)
        expectProblem(activate(["trigger": "wifi_signup", "attributes": .null]), at: "steps[0].trigger", "must differ from the journey's own trigger")
        expectProblem(activate(["trigger": "nope"]), at: "steps[0].trigger", "trigger \"nope\" does not exist")
        expectProblem(activate(["trigger": "email_opened", "attributes": ["journeyId": "j", "stepId": "s"]]),
                      at: "steps[0].trigger", "built-in trigger")
        expectProblem(activate(["attributes": ["orderId": "o", "total": "1", "colour": "red"]]),
                      at: "steps[0].attributes.colour", "is not an attribute of trigger \"purchase_completed\"; its attributes are orderId, total, currency")
        expectProblem(activate(["attributes": ["orderId": "{{trigger.order}}"]]), at: "steps[0].attributes", "requires total")
        expectProblem(activate(["attributes": .null]), at: "steps[0].attributes", "trigger \"purchase_completed\" requires orderId, total")
        expectProblem(activate(["attributes": ["orderId": "{{trigger.orderId}}", "total": "1"]]),
                      at: "steps[0].attributes.orderId", "unknown path \"trigger.orderId\"")
        expectProblem(activate(["attributes": ["orderId": "o", "total": 1]]), at: "steps[0].attributes.total", "expected a string")
        expectProblem(activate(["attributes": ["orderId", "total"]]), at: "steps[0].attributes", "expected an object")
    }

    // MARK: Limits

    @Test func atMost200StepsCountingNestedOnes() {
        let nested = branch("b", otherwise: (0..<99).map { wait("o\($0)") })
        let flat = (0..<100).map { wait("w\($0)") }
        accepts([nested] + flat)  // 1 + 99 + 100 = 200
        let body = JourneyDefinitionParsingTests.journey([nested] + flat + [wait("extra")])
        expectProblem(body, at: "steps", "at most 200 steps, counting nested ones; this one has 201")
    }

    /// Step lists nested `depth` deep: each level a branch whose `otherwise` holds the next.
    func nested(_ depth: Int) -> [JSONValue] {
        depth == 1 ? [wait("leaf")] : [branch("level\(depth)", otherwise: nested(depth - 1))]
    }

    @Test func stepListsNestAtMost16Deep() {
        accepts(nested(16))
        let field = "steps" + String(repeating: "[0].otherwise", count: 16)
        expectProblem(JourneyDefinitionParsingTests.journey(nested(17)), at: field, "nest at most 16 deep")
    }
}
