import Foundation
import Testing
import FlintCore

@Suite("Condition evaluation")
struct ConditionEvaluationTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let losAngeles = TimeZone(identifier: "America/Los_Angeles")!

    static let data = JourneyData(
        trigger: [
            "location": "Lobby", "amount": 12.5, "count": 3, "firstVisit": true, "returning": false,
            "signedUpAt": "2026-11-26T23:30:00Z", "order": "o-1", "nothing": .null,
        ],
        records: ["order": ["total": 120, "status": "shipped"]],
        customer: Customer(id: "c-1", email: "ada@example.com", firstName: "Ada", attributes: ["tier": "gold", "visits": 7]))

    func holds(_ path: String, _ op: ConditionOperator, _ value: JSONValue? = nil, in timeZone: TimeZone = utc) -> Bool {
        Condition.compare(path: path, op: op, value: value).evaluate(Self.data, timeZone: timeZone)
    }

    @Test func textComparisonsAreExactAndCaseSensitive() {
        #expect(holds("trigger.location", .equals, "Lobby"))
        #expect(!holds("trigger.location", .equals, "lobby"))
        #expect(!holds("trigger.location", .equals, "Lobby "))
        #expect(holds("trigger.location", .notEquals, "lobby"))
        #expect(!holds("trigger.location", .notEquals, "Lobby"))
        #expect(holds("trigger.location", .contains, "obb"))
        #expect(!holds("trigger.location", .contains, "OBB"))
        #expect(holds("trigger.location", .startsWith, "Lob"))
        #expect(!holds("trigger.location", .startsWith, "lob"))
        #expect(holds("trigger.location", .endsWith, "by"))
        #expect(!holds("trigger.location", .endsWith, "By"))
        #expect(holds("customer.email", .endsWith, "@example.com"))
        #expect(holds("trigger.order", .equals, "o-1"))
    }

    @Test func numbersCompareAsDoubles() {
        #expect(holds("trigger.amount", .equals, 12.5))
        #expect(holds("trigger.count", .equals, 3.0))
        #expect(holds("trigger.amount", .greaterThan, 12))
        #expect(!holds("trigger.amount", .greaterThan, 12.5))
        #expect(holds("trigger.amount", .greaterThanOrEqual, 12.5))
        #expect(holds("trigger.amount", .lessThan, 13))
        #expect(!holds("trigger.amount", .lessThan, 12.5))
        #expect(holds("trigger.amount", .lessThanOrEqual, 12.5))
        #expect(holds("trigger.amount", .notEquals, 12))
        #expect(holds("trigger.order.total", .greaterThanOrEqual, 100))
        #expect(holds("customer.attributes.visits", .lessThan, 10))
    }

    @Test func valuesOfAnotherJSONTypeNeverMatch() {
        #expect(!holds("trigger.count", .equals, "3"))
        #expect(!holds("trigger.location", .lessThan, 5))
        #expect(!holds("trigger.firstVisit", .equals, "true"))
        #expect(holds("trigger.count", .notEquals, "3"))
    }

    @Test func booleans() {
        #expect(holds("trigger.firstVisit", .isTrue))
        #expect(!holds("trigger.firstVisit", .isFalse))
        #expect(holds("trigger.returning", .isFalse))
        #expect(!holds("trigger.returning", .isTrue))
        #expect(!holds("trigger.location", .isTrue))
    }

    @Test(arguments: ConditionOperator.allCases)
    func aMissingOrNullValueFailsEveryOperatorButNotExists(op: ConditionOperator) {
        let value: JSONValue? = op.isUnary ? nil : (op == .before || op == .after || op == .on ? "2026-11-26T10:00:00Z" : 1)
        // A list that is not there holds no records, so it is empty.
        let holdsWhenMissing = op == .notExists || op == .isEmpty
        for path in ["trigger.missing", "trigger.nothing", "trigger.order.missing", "customer.attributes.missing", "customer.phone"] {
            #expect(holds(path, op, value) == holdsWhenMissing, "\(path) \(op)")
        }
        let anonymous = Condition.compare(path: "customer.id", op: op, value: value)
        #expect(anonymous.evaluate(JourneyData(), timeZone: Self.utc) == holdsWhenMissing)
    }

    @Test func listOperatorsCountTheRecords() {
        let data = JourneyData(trigger: ["items": ["a", "b", "c"], "none": []])
        func check(_ path: String, _ op: ConditionOperator, _ value: JSONValue? = nil) -> Bool {
            Condition.compare(path: path, op: op, value: value).evaluate(data, timeZone: Self.utc)
        }
        #expect(check("trigger.items", .isNotEmpty) && !check("trigger.items", .isEmpty) && check("trigger.none", .isEmpty))
        #expect(check("trigger.items", .countEquals, 3) && check("trigger.items", .countGreaterThan, 2) && check("trigger.items", .countLessThan, 4))
        #expect(!check("trigger.items", .countGreaterThan, 3) && !check("trigger.items", .countEquals, "3"))
    }

    @Test func existsOnPresentValues() {
        #expect(holds("trigger.returning", .exists))
        #expect(!holds("trigger.returning", .notExists))
        #expect(holds("customer.id", .exists))
        #expect(holds("trigger.order.status", .exists))
    }

    @Test func beforeAndAfterCompareInstants() {
        #expect(holds("trigger.signedUpAt", .before, "2026-11-27T00:00:00Z"))
        #expect(holds("trigger.signedUpAt", .before, "2026-11-27T00:31:00+01:00"))
        #expect(!holds("trigger.signedUpAt", .before, "2026-11-27T00:30:00+01:00"))
        #expect(!holds("trigger.signedUpAt", .after, "2026-11-27T00:30:00+01:00"))
        #expect(holds("trigger.signedUpAt", .after, "2026-11-26T18:29:59-05:00"))
        #expect(!holds("trigger.location", .after, "2026-11-26T18:29:59-05:00"))
    }

    @Test func onMeansTheSameCalendarDayInTheJourneysTimeZone() {
        // 2026-11-26T23:30:00Z is 00:30 on the 27th in Berlin and 15:30 on the 26th in Los Angeles.
        #expect(holds("trigger.signedUpAt", .on, "2026-11-27", in: Self.berlin))
        #expect(!holds("trigger.signedUpAt", .on, "2026-11-26", in: Self.berlin))
        #expect(holds("trigger.signedUpAt", .on, "2026-11-26", in: Self.utc))
        #expect(!holds("trigger.signedUpAt", .on, "2026-11-27", in: Self.utc))
        #expect(holds("trigger.signedUpAt", .on, "2026-11-26", in: Self.losAngeles))
        // A time as the value names the day it falls on in the same zone.
        #expect(holds("trigger.signedUpAt", .on, "2026-11-27T12:00:00Z", in: Self.berlin))
        #expect(!holds("trigger.signedUpAt", .on, "2026-11-27T12:00:00Z", in: Self.utc))
        #expect(holds("trigger.signedUpAt", .on, "2026-11-26T23:59:59+01:00", in: Self.berlin) == false)
        #expect(holds("trigger.signedUpAt", .on, "2026-11-27T23:59:59+01:00", in: Self.berlin))
        #expect(!holds("trigger.signedUpAt", .on, "not a date", in: Self.utc))
    }

    @Test func onBeforeTheEpochAndAcrossDaylightSavingTime() {
        let early = JourneyData(trigger: ["at": "1969-12-31T23:59:59.500Z", "summer": "2026-07-01T22:30:00Z"])
        func on(_ path: String, _ day: String, _ zone: TimeZone) -> Bool {
            Condition.compare(path: path, op: .on, value: .string(day)).evaluate(early, timeZone: zone)
        }
        #expect(on("trigger.at", "1969-12-31", Self.utc))
        #expect(on("trigger.at", "1970-01-01", Self.berlin))
        #expect(on("trigger.summer", "2026-07-02", Self.berlin))  // UTC+2 in summer
        #expect(!on("trigger.summer", "2026-07-01", Self.berlin))
    }

    @Test func combinators() {
        let yes = Condition.compare(path: "trigger.firstVisit", op: .isTrue, value: nil)
        let no = Condition.compare(path: "trigger.returning", op: .isTrue, value: nil)
        #expect(Condition.all([]).evaluate(Self.data, timeZone: Self.utc))
        #expect(!Condition.any([]).evaluate(Self.data, timeZone: Self.utc))
        #expect(Condition.all([yes, yes]).evaluate(Self.data, timeZone: Self.utc))
        #expect(!Condition.all([yes, no]).evaluate(Self.data, timeZone: Self.utc))
        #expect(Condition.any([no, yes]).evaluate(Self.data, timeZone: Self.utc))
        #expect(!Condition.any([no, no]).evaluate(Self.data, timeZone: Self.utc))
        #expect(Condition.not(no).evaluate(Self.data, timeZone: Self.utc))
        #expect(!Condition.not(.all([])).evaluate(Self.data, timeZone: Self.utc))
    }

    @Test func reportsTheValuesItLookedAt() {
        let condition = Condition.all([
            .compare(path: "trigger.amount", op: .greaterThan, value: 10),
            .any([
                .compare(path: "customer.attributes.missing", op: .exists, value: nil),
                .compare(path: "trigger.order.status", op: .equals, value: "shipped"),
                .compare(path: "trigger.location", op: .equals, value: "never read"),
            ]),
        ])
        let outcome = condition.evaluateReportingValues(Self.data, timeZone: Self.utc)
        #expect(outcome.holds)
        #expect(outcome.values == [
            "trigger.amount": 12.5, "customer.attributes.missing": .null, "trigger.order.status": "shipped",
        ])
        let failing = Condition.not(.compare(path: "trigger.location", op: .startsWith, value: "Lo"))
        let failed = failing.evaluateReportingValues(Self.data, timeZone: Self.utc)
        #expect(!failed.holds)
        #expect(failed.values == ["trigger.location": "Lobby"])
    }

    @Test func aDefinitionsCalendarTimeZoneDefaultsToUTC() {
        var definition = JourneyDefinition(name: "n", trigger: "t", steps: [])
        #expect(definition.calendarTimeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 0)
        definition.timeZone = "Europe/Berlin"
        #expect(definition.calendarTimeZone.identifier == "Europe/Berlin")
    }
}
