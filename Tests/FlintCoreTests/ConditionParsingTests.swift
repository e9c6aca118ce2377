import Testing
import FlintCore

@Suite("Condition parsing")
struct ConditionParsingTests {
    let trigger = JourneyTriggers.wifiSignup

    func parse(_ value: JSONValue, trigger: TriggerDefinition? = JourneyTriggers.wifiSignup) -> (Condition?, [Problem]) {
        var problems: [Problem] = []
        let condition = Condition.parse(value, field: "entryCondition", trigger: trigger, problems: &problems)
        return (condition, problems)
    }

    func accepted(_ value: JSONValue) -> Condition? {
        let (condition, problems) = parse(value)
        #expect(problems.isEmpty, "\(problems)")
        #expect(condition != nil)
        return condition
    }

    /// The single problem `value` is refused with, as "field: problem".
    func refused(_ value: JSONValue, trigger: TriggerDefinition? = JourneyTriggers.wifiSignup) -> [Problem] {
        let (condition, problems) = parse(value, trigger: trigger)
        #expect(condition == nil)
        #expect(!problems.isEmpty, "accepted \(value)")
        return problems
    }

    func fields(_ problems: [Problem]) -> [String] { problems.map(\.field) }

    @Test func parsesEveryForm() {
        #expect(accepted(["attribute": "trigger.amount", "op": "greaterThan", "value": 0])
            == .compare(path: "trigger.amount", op: .greaterThan, value: 0))
        #expect(accepted(["attribute": "trigger.firstVisit", "op": "isTrue"]) == .compare(path: "trigger.firstVisit", op: .isTrue, value: nil))
        #expect(accepted(["attribute": "trigger.firstVisit", "op": "exists", "value": .null])
            == .compare(path: "trigger.firstVisit", op: .exists, value: nil))
        #expect(accepted(["all": []]) == .all([]))
        #expect(accepted(["any": [["attribute": "customer.email", "op": "endsWith", "value": "@example.com"]]])
            == .any([.compare(path: "customer.email", op: .endsWith, value: "@example.com")]))
        #expect(accepted(["not": ["attribute": "trigger.signedUpAt", "op": "on", "value": "2026-11-27"]])
            == .not(.compare(path: "trigger.signedUpAt", op: .on, value: "2026-11-27")))
    }

    @Test func everyOperatorFitsItsTypes() {
        let cases: [(String, String, JSONValue?)] = [
            ("trigger.location", "equals", "lobby"), ("trigger.location", "notEquals", "lobby"),
            ("trigger.location", "contains", "ob"), ("trigger.location", "startsWith", "lo"), ("trigger.location", "endsWith", "by"),
            ("trigger.amount", "equals", 1), ("trigger.amount", "notEquals", 1.5), ("trigger.amount", "lessThan", 1),
            ("trigger.amount", "lessThanOrEqual", 1), ("trigger.amount", "greaterThan", -1), ("trigger.amount", "greaterThanOrEqual", 0),
            ("trigger.firstVisit", "isTrue", nil), ("trigger.firstVisit", "isFalse", nil),
            ("trigger.signedUpAt", "before", "2026-11-26T10:00:00Z"), ("trigger.signedUpAt", "after", "2026-11-26T10:00:00.5+01:00"),
            ("trigger.signedUpAt", "on", "2026-11-26T10:00:00Z"), ("trigger.signedUpAt", "on", "2026-11-26"),
            ("trigger.order", "equals", "o-1"), ("trigger.order", "startsWith", "o-"),
            ("trigger.order.total", "greaterThan", 100), ("trigger.order.status", "equals", "shipped"),
            ("customer.attributes.tier", "equals", "gold"), ("customer.attributes.visits", "equals", 3),
            ("customer.attributes.vip", "isTrue", nil), ("customer.attributes.birthday", "on", "2026-11-26"),
            ("customer.firstName", "startsWith", "A"), ("customer.phone", "notExists", nil), ("trigger.amount", "exists", nil),
        ]
        for (path, op, value) in cases {
            var object: JSONObject = ["attribute": .string(path), "op": .string(op)]
            if let value { object["value"] = value }
            let (condition, problems) = parse(.object(object))
            #expect(problems.isEmpty && condition != nil, "\(path) \(op): \(problems)")
        }
    }

    @Test func refusesAnUnknownPathAtAttribute() {
        let problems = refused(["attribute": "trigger.colour", "op": "equals", "value": "red"])
        #expect(fields(problems) == ["entryCondition.attribute"])
        #expect(problems[0].problem.contains("\"colour\" is not an attribute of trigger \"wifi_signup\""))
    }

    @Test(arguments: [
        ("trigger.location", "lessThan", 1), ("trigger.location", "isTrue", nil),
        ("trigger.amount", "isTrue", nil), ("trigger.amount", "contains", "1"), ("trigger.amount", "before", "2026-11-26T10:00:00Z"),
        ("trigger.firstVisit", "equals", "true"), ("trigger.signedUpAt", "equals", "2026-11-26T10:00:00Z"),
        ("trigger.signedUpAt", "greaterThan", 1), ("trigger.order", "lessThan", 1), ("customer.email", "isFalse", nil),
        ("trigger.location", "on", "2026-11-26"),
    ] as [(String, String, JSONValue?)])
    func refusesAnOperatorThatDoesNotFitThePathsType(path: String, op: String, value: JSONValue?) {
        var object: JSONObject = ["attribute": .string(path), "op": .string(op)]
        if let value { object["value"] = value }
        let problems = refused(.object(object))
        #expect(fields(problems) == ["entryCondition.op"])
        #expect(problems.first?.problem.contains("\"\(op)\" does not fit \(path)") == true, "\(problems)")
    }

    @Test func theOpMessageSaysWhatFits() {
        let problems = refused(["attribute": "trigger.location", "op": "lessThan", "value": 1])
        #expect(problems.first?.problem == "\"lessThan\" does not fit trigger.location, which is text; text takes equals, notEquals, contains, startsWith, endsWith, exists, notExists")
    }

    @Test(arguments: [
        ("trigger.amount", "greaterThan", "0", "expected a number, got a string"),
        ("trigger.amount", "equals", "1", "expected a number, got a string"),
        ("trigger.location", "equals", 1, "expected a string, got a number"),
        ("trigger.order", "equals", true, "expected a string, got a boolean"),
        ("trigger.location", "contains", "", "must not be empty"),
        ("trigger.signedUpAt", "before", "yesterday", "expected an RFC 3339 time"),
        ("trigger.signedUpAt", "after", "2026-11-26", "expected an RFC 3339 time"),
        ("trigger.signedUpAt", "on", "26.11.2026", "expected a date such as 2026-11-26"),
        ("trigger.signedUpAt", "on", "2026-02-30", "expected a date such as 2026-11-26"),
        ("customer.attributes.tier", "equals", true, "expected a string or a number, got a boolean"),
        ("customer.attributes.tier", "equals", ["a"], "expected a string or a number, got an array"),
        ("customer.attributes.visits", "lessThan", "3", "expected a number, got a string"),
        ("trigger.order.status", "startsWith", 1, "expected a string, got a number"),
        ("trigger.firstVisit", "isTrue", true, "\"isTrue\" takes no value"),
        ("trigger.amount", "exists", 1, "\"exists\" takes no value"),
    ] as [(String, String, JSONValue, String)])
    func refusesAValueThatDoesNotFitTheOperator(path: String, op: String, value: JSONValue, expected: String) {
        let problems = refused(["attribute": .string(path), "op": .string(op), "value": value])
        #expect(fields(problems) == ["entryCondition.value"])
        #expect(problems.first?.problem.contains(expected) == true, "\(problems)")
    }

    @Test func refusesAMissingValue() {
        #expect(fields(refused(["attribute": "trigger.amount", "op": "lessThan"])) == ["entryCondition.value"])
        #expect(fields(refused(["attribute": "trigger.amount", "op": "lessThan", "value": .null])) == ["entryCondition.value"])
    }

    @Test func refusesBadShapes() {
        #expect(fields(refused("trigger.amount > 0")) == ["entryCondition"])
        #expect(fields(refused([:])) == ["entryCondition"])
        #expect(fields(refused(["all": [], "any": []])) == ["entryCondition"])
        #expect(refused(["all": [], "op": "exists"]).first?.problem.contains("found attribute and all") == true)
        #expect(fields(refused(["attribute": "trigger.amount", "op": "exists", "negate": true])) == ["entryCondition.negate"])
        #expect(fields(refused(["op": "exists"])) == ["entryCondition.attribute"])
        #expect(fields(refused(["attribute": "trigger.amount"])) == ["entryCondition.op"])
        #expect(fields(refused(["attribute": "trigger.amount", "op": "greater"])) == ["entryCondition.op"])
        #expect(fields(refused(["attribute": 3, "op": "exists"])) == ["entryCondition.attribute"])
        #expect(fields(refused(["all": ["attribute": "trigger.amount"]])) == ["entryCondition.all"])
        #expect(fields(refused(["any": .null])) == ["entryCondition.any"])
        #expect(fields(refused(["not": []])) == ["entryCondition.not"])
    }

    @Test func namesNestedProblemsByTheirFullPath() {
        let problems = refused([
            "all": [
                ["attribute": "trigger.location", "op": "lessThan", "value": 3],
                ["any": [["attribute": "trigger.amount", "op": "exists"], ["not": ["attribute": "customer.nickname", "op": "exists"]]]],
                ["not": ["attribute": "trigger.firstVisit", "op": "isTrue", "value": 1]],
            ],
        ])
        #expect(fields(problems) == ["entryCondition.all[0].op", "entryCondition.all[1].any[1].not.attribute", "entryCondition.all[2].not.value"])
    }

    @Test func refusesConditionsNestedTooDeep() {
        var value: JSONValue = ["attribute": "trigger.amount", "op": "exists"]
        for _ in 0..<15 { value = ["not": value] }
        #expect(parse(value).1.isEmpty)
        value = ["not": value]
        let problems = refused(value)
        #expect(problems.count == 1)
        #expect(problems.first?.problem.contains("at most 16 deep") == true)
    }

    @Test func withoutATriggerOnlyTheShapeIsChecked() {
        let (condition, problems) = parse(["attribute": "trigger.anything", "op": "lessThan", "value": 1], trigger: nil)
        #expect(problems.isEmpty)
        #expect(condition == .compare(path: "trigger.anything", op: .lessThan, value: 1))
        #expect(fields(refused(["attribute": "trigger.anything", "op": "lessThan", "value": "1"], trigger: nil)) == ["entryCondition.value"])
    }

    @Test func roundTripsThroughJSON() throws {
        let body: JSONValue = [
            "any": [
                ["attribute": "trigger.amount", "op": "greaterThan", "value": 0],
                ["all": [["attribute": "trigger.firstVisit", "op": "isTrue"], ["not": ["attribute": "customer.email", "op": "notExists"]]]],
                ["attribute": "trigger.signedUpAt", "op": "on", "value": "2026-11-27"],
            ],
        ]
        let condition = try #require(accepted(body))
        #expect(condition.json == body)
        #expect(accepted(condition.json) == condition)
    }
}
