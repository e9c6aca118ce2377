import Testing
import FlintCore

@Suite("KeyRotationRequest")
struct KeyRotationRequestTests {
    @Test func noBodyOrAnEmptyObjectMeansTheDefaultGracePeriod() throws {
        #expect(try KeyRotationRequest.parse(nil).graceSeconds == 3_600)
        #expect(try KeyRotationRequest.parse([:]).graceSeconds == 3_600)
        // null is not a number of seconds; the document says integer, so the server says so too.
        #expect(throws: FlintError.self) { try KeyRotationRequest.parse(["graceSeconds": .null]) }
    }

    @Test(arguments: [0, 1, 3_600, 2_592_000])
    func acceptsWholeSecondsUpToThirtyDays(seconds: Int) throws {
        let request = try KeyRotationRequest.parse(["graceSeconds": .number(Double(seconds))])
        #expect(request == KeyRotationRequest(graceSeconds: seconds))
    }

    @Test(arguments: [
        (["graceSeconds": -1] as JSONValue, "graceSeconds", "must be a whole number of seconds from 0 to 2592000"),
        (["graceSeconds": 2_592_001], "graceSeconds", "must be a whole number"),
        (["graceSeconds": 1.5], "graceSeconds", "must be a whole number"),
        (["graceSeconds": 1e300], "graceSeconds", "must be a whole number"),
        (["graceSeconds": "60"], "graceSeconds", "expected a number, got a string"),
        (["grace": 60], "grace", "is not a known field"),
        ([], "body", "expected an object, got an array"),
        (.null, "body", "expected an object, got null"),
    ] as [(JSONValue, String, String)])
    func reportsProblems(body: JSONValue, field: String, problem: String) throws {
        let error = try #require(throws: FlintError.self) { try KeyRotationRequest.parse(body) }
        #expect(error.code == .invalidKey)
        #expect(error.details.map(\.field) == [field])
        #expect(error.details.first?.problem.contains(problem) == true, "\(error.details)")
    }
}
