import Testing
import FlintCore

/// The triggers journey tests look up: `wifi_signup` from API.md's trigger example, a
/// `purchase_completed` trigger, and the built-in ones.
enum JourneyTriggers {
    static let wifiSignup = try! TriggerDefinition.parse(JSONParser.parse("""
        {
          "name": "wifi_signup",
          "title": "Wi-Fi sign-up",
          "description": "A customer signed up to the guest Wi-Fi",
          "customerType": "contact",
          "eventName": "Wi-Fi Signed Up",
          "attributes": [
            {"name": "location", "type": "text", "required": true},
            {"name": "amount", "type": "number"},
            {"name": "firstVisit", "type": "boolean"},
            {"name": "signedUpAt", "type": "datetime"},
            {"name": "order", "type": "entityReference", "entity": "order"}
          ]
        }
        """))

    static let purchaseCompleted = TriggerDefinition(
        name: "purchase_completed", title: "Purchase completed", customerType: .contact,
        attributes: [
            AttributeDefinition(name: "orderId", type: .text, required: true),
            AttributeDefinition(name: "total", type: .number, required: true),
            AttributeDefinition(name: "currency", type: .text),
        ])

    static let all = [wifiSignup, purchaseCompleted] + BuiltinTriggers.definitions

    static func named(_ name: String) -> TriggerDefinition? {
        all.first { $0.name == name }
    }
}

@Suite("JourneyDefinition.parse")
struct JourneyDefinitionParsingTests {
    /// The journey example of API.md, verbatim.
    static let example = try! JSONParser.parse(#"""
        {
          "name": "Wi-Fi welcome",
          "trigger": "wifi_signup",
          "entryCondition": {"attribute": "trigger.amount", "op": "greaterThan", "value": 0},
          "reentry": "always",
          "exitTrigger": "purchase_completed",
          "steps": [
            {"id": "where", "type": "branch",
             "branches": [{"label": "lobby", "when": {"attribute": "trigger.location", "op": "equals", "value": "lobby"},
                           "steps": [{"id": "hello", "type": "email", "subject": "Welcome {{customer.firstName | default: \"friend\"}}",
                                      "html": "<p>You signed up in the {{trigger.location}}</p>", "purpose": "commercial"}]}],
             "otherwise": [{"id": "notify", "type": "webhook", "url": "http://127.0.0.1:9000/hook", "body": "{\"where\": \"{{trigger.location}}\"}"}]},
            {"id": "pause", "type": "wait", "duration": "PT10M"},
            {"id": "buy", "type": "waitForTrigger", "trigger": "purchase_completed", "timeout": "P1D",
             "matched": [], "timedOut": [{"id": "nudge", "type": "sms", "text": "Still thinking? {{trigger.location}}", "purpose": "commercial"}]}
          ]
        }
        """#)

    static func template(_ source: String) -> Template {
        try! Template.parse(source)
    }

    static func parse(_ body: JSONValue) throws(FlintError) -> JourneyDefinition {
        try JourneyDefinition.parse(body, triggers: JourneyTriggers.named)
    }

    /// A journey on `wifi_signup` with these steps and top-level changes.
    static func journey(_ steps: [JSONValue], _ changes: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["name": "Test", "trigger": "wifi_signup", "steps": .array(steps)]
        object.merge(changes)
        return .object(object)
    }

    /// The API example with `changes` merged in; `.null` values stand for a removed field.
    static func example(_ changes: JSONObject) -> JSONValue {
        var object = example.objectValue!
        for member in changes { object[member.key] = member.value == .null ? nil : member.value }
        return .object(object)
    }

    /// The problems `body` is refused with; records an issue when it is accepted.
    func problems(_ body: JSONValue) -> [Problem] {
        do {
            let definition = try Self.parse(body)
            Issue.record("accepted: \(definition)")
            return []
        } catch {
            #expect(error.code == .invalidJourney)
            #expect(!error.details.isEmpty)
            return error.details
        }
    }

    func fields(_ body: JSONValue) -> [String] {
        problems(body).map(\.field)
    }

    /// Expects exactly one problem, at `field`, whose text contains `text`.
    func expectProblem(_ body: JSONValue, at field: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(body)
        #expect(found.map(\.field) == [field], "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.problem.contains(text) == true, "\(found)", sourceLocation: sourceLocation)
    }

    @Test func parsesTheAPIExample() throws {
        let definition = try Self.parse(Self.example)
        let t = Self.template
        let expected = JourneyDefinition(
            name: "Wi-Fi welcome", trigger: "wifi_signup",
            entryCondition: .compare(path: "trigger.amount", op: .greaterThan, value: 0),
            reentry: .always, exitTrigger: "purchase_completed", timeZone: nil, onFailure: .continue,
            steps: [
                Step(id: "where", kind: .branch(
                    branches: [
                        Branch(
                            label: "lobby", when: .compare(path: "trigger.location", op: .equals, value: "lobby"),
                            steps: [Step(id: "hello", kind: .email(EmailStep(
                                subject: t("Welcome {{customer.firstName | default: \"friend\"}}"),
                                html: t("<p>You signed up in the {{trigger.location}}</p>"), purpose: .commercial)))]),
                    ],
                    otherwise: [Step(id: "notify", kind: .webhook(WebhookStep(
                        url: "http://127.0.0.1:9000/hook", method: "POST", body: t("{\"where\": \"{{trigger.location}}\"}"))))])),
                Step(id: "pause", kind: .wait(.duration(ISODuration(seconds: 600, text: "PT10M")))),
                Step(id: "buy", kind: .waitForTrigger(
                    trigger: "purchase_completed", timeout: ISODuration(seconds: 86_400, text: "P1D"), matched: [],
                    timedOut: [Step(id: "nudge", kind: .sms(SMSStep(text: t("Still thinking? {{trigger.location}}"), purpose: .commercial)))])),
            ])
        #expect(definition == expected)
    }

    @Test func theExampleRendersInertlyForHostileValues() throws {
        let definition = try Self.parse(Self.example)
        guard case .branch(let branches, let otherwise) = definition.steps[0].kind,
            case .email(let email) = branches[0].steps[0].kind, case .webhook(let webhook) = otherwise[0].kind
        else {
            Issue.record("unexpected shape")
            return
        }
        let data = JourneyData(trigger: ["location": "<script>alert(1)</script>\"}, \"x\": \""])
        #expect(email.html.renderHTML(data: data).html
            == "<p>You signed up in the &lt;script&gt;alert(1)&lt;/script&gt;&quot;}, &quot;x&quot;: &quot;</p>")
        #expect(email.subject.render(escaping: .plain, data: data) == "Welcome friend")
        let body = try #require(webhook.body).render(escaping: .jsonString, data: data)
        #expect(try JSONParser.parse(body) == ["where": "<script>alert(1)</script>\"}, \"x\": \""])
    }

    @Test func roundTripsThroughJSON() throws {
        let definition = try Self.parse(Self.example)
        #expect(try Self.parse(definition.json) == definition)
        let json = try #require(definition.json.objectValue)
        #expect(json["reentry"] == "always")
        #expect(json["onFailure"] == "continue")
        #expect(json["entryCondition"] == Self.example["entryCondition"])
        let steps = try #require(json["steps"]?.arrayValue)
        #expect(steps[0]["branches"]?.arrayValue?[0]["steps"]?.arrayValue?[0]["subject"]
            == "Welcome {{customer.firstName | default: \"friend\"}}")
        #expect(steps[0]["otherwise"]?.arrayValue?[0]["method"] == "POST")
        #expect(steps[1] == ["id": "pause", "type": "wait", "duration": "PT10M"])
    }

    @Test func roundTripsEveryOption() throws {
        let body = Self.journey([
            ["id": "w1", "type": "wait", "until": "2026-12-24T18:00:00+01:00"],
            ["id": "w2", "type": "wait", "duration": "P1DT12H"],
            ["id": "mail", "type": "email", "subject": "Hi", "html": "<p>{{ trigger.order.total }}</p>", "text": "{{trigger.order.total}}",
             "purpose": "transactional"],
            ["id": "hook", "type": "webhook", "url": "https://example.com/h?x=1", "method": "PUT",
             "headers": ["X-Token": "abc", "Accept": "application/json"], "body": "{\"n\": 1}"],
            ["id": "bare", "type": "webhook", "url": "https://example.com/bare", "method": "GET"],
            ["id": "fire", "type": "activateTrigger", "trigger": "purchase_completed",
             "attributes": ["orderId": "{{trigger.order}}", "total": "{{trigger.amount | default: \"0\"}}"]],
        ], [
            "reentry": ["after": "P7D"], "timeZone": "Europe/Berlin", "onFailure": "exit",
            "entryCondition": ["not": ["attribute": "customer.attributes.optedOut", "op": "isTrue"]],
        ])
        let definition = try Self.parse(body)
        #expect(definition.reentry == .after(ISODuration(seconds: 604_800, text: "P7D")))
        #expect(definition.timeZone == "Europe/Berlin")
        #expect(definition.onFailure == .exit)
        #expect(definition.steps[0].kind == .wait(.until(1_798_131_600_000)))
        #expect(definition.steps[0].json["until"] == "2026-12-24T17:00:00Z")
        #expect(try Self.parse(definition.json) == definition)
        #expect(try Self.parse(Self.journey([["id": "w", "type": "wait", "duration": "PT1M"]], ["reentry": "never"])).reentry == .never)
    }

    // MARK: Top-level fields

    @Test func refusesABodyThatIsNotAnObject() {
        expectProblem([1], at: "body", "expected an object")
    }

    @Test func topLevelProblems() {
        expectProblem(Self.example(["name": .null]), at: "name", "is required")
        expectProblem(Self.example(["name": ""]), at: "name", "must not be empty")
        expectProblem(Self.example(["name": .string(String(repeating: "n", count: 201))]), at: "name", "at most 200")
        #expect((try? Self.parse(Self.example(["name": .string(String(repeating: "n", count: 200))]))) != nil)
        expectProblem(Self.example(["status": "live"]), at: "status", "is not a known field")
        expectProblem(Self.example(["exitTrigger": "nope"]), at: "exitTrigger", "trigger \"nope\" does not exist")
        expectProblem(Self.example(["exitTrigger": "wifi_signup"]), at: "exitTrigger", "must differ")
        expectProblem(Self.example(["timeZone": "Mars/Olympus"]), at: "timeZone", "not a known IANA time zone")
        expectProblem(Self.example(["onFailure": "retry"]), at: "onFailure", "must be one of")
        expectProblem(Self.example(["steps": .null]), at: "steps", "is required")
        expectProblem(Self.example(["steps": []]), at: "steps", "at least one step")
        expectProblem(Self.example(["steps": "wait"]), at: "steps", "expected an array")
    }

    @Test func refusesAMissingOrUnknownTrigger() {
        expectProblem(Self.example(["trigger": .null]), at: "trigger", "is required")
        // With the trigger unknown, paths cannot be judged, but everything else still is.
        let found = problems(Self.example(["trigger": "nope", "timeZone": "Nowhere"]))
        #expect(found.map(\.field) == ["trigger", "timeZone"])
        #expect(found.first?.problem == "trigger \"nope\" does not exist")
    }

    @Test func reentryProblems() {
        expectProblem(Self.example(["reentry": "sometimes"]), at: "reentry", "must be \"always\", \"never\" or {\"after\": \"P7D\"}")
        expectProblem(Self.example(["reentry": 7]), at: "reentry", "got a number")
        expectProblem(Self.example(["reentry": ["after": "7 days"]]), at: "reentry.after", "ISO 8601 duration")
        expectProblem(Self.example(["reentry": ["after": "P1M"]]), at: "reentry.after", "ISO 8601 duration")
        expectProblem(Self.example(["reentry": [:]]), at: "reentry.after", "is required")
        expectProblem(Self.example(["reentry": ["after": "P7D", "times": 2]]), at: "reentry.times", "is not a known field")
    }

    @Test func entryConditionProblemsAreNamedFromEntryCondition() {
        expectProblem(Self.example(["entryCondition": ["attribute": "trigger.location", "op": "lessThan", "value": 1]]),
                      at: "entryCondition.op", "does not fit")
        expectProblem(Self.example(["entryCondition": ["attribute": "trigger.total", "op": "exists"]]),
                      at: "entryCondition.attribute", "unknown path")
        expectProblem(Self.example(["entryCondition": ["all": [["attribute": "trigger.amount", "op": "isTrue"]]]]),
                      at: "entryCondition.all[0].op", "does not fit")
    }

    @Test func collectsEveryProblemAtOnce() {
        let body = Self.example([
            "name": "", "reentry": "twice", "timeZone": "Nowhere", "extra": true,
            "entryCondition": ["attribute": "trigger.amount", "op": "greaterThan", "value": "0"],
            "steps": [
                ["id": "a", "type": "wait"],
                ["id": "a", "type": "sms", "text": "{{trigger.nope}}", "purpose": "spam"],
            ],
        ])
        #expect(Set(fields(body)) == [
            "extra", "name", "entryCondition.value", "reentry", "timeZone", "steps[0].duration", "steps[1].id",
            "steps[1].text", "steps[1].purpose",
        ])
    }
}
