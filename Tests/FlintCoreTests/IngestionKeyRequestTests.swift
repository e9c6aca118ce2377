import Testing
import FlintCore

@Suite("IngestionKeyRequest")
struct IngestionKeyRequestTests {
    func problems(_ body: JSONValue) -> [Problem] {
        do {
            let request = try IngestionKeyRequest.parse(body)
            Issue.record("accepted: \(request)")
            return []
        } catch {
            #expect(error.code == .invalidKey)
            return error.details
        }
    }

    @Test func parsesAPublishableKeyRequestAndNormalizesOrigins() throws {
        let request = try IngestionKeyRequest.parse([
            "name": "web shop", "kind": "publishable",
            "allowedOrigins": ["https://Shop.Example", "http://localhost:3000", "HTTPS://[::1]:8443"], "rateLimit": 25,
        ])
        #expect(request == IngestionKeyRequest(
            name: "web shop", kind: .publishable,
            allowedOrigins: ["https://shop.example", "http://localhost:3000", "https://[::1]:8443"], rateLimit: 25))
    }

    @Test func parsesAMinimalSecretKeyRequest() throws {
        let request = try IngestionKeyRequest.parse(["name": "backend", "kind": "secret"])
        #expect(request == IngestionKeyRequest(name: "backend", kind: .secret))
        #expect(request.allowedOrigins.isEmpty && request.rateLimit == nil)
    }

    @Test func treatsNullsAsAbsent() throws {
        let request = try IngestionKeyRequest.parse(["name": "k", "kind": "secret", "allowedOrigins": .null, "rateLimit": .null])
        #expect(request == IngestionKeyRequest(name: "k", kind: .secret))
    }

    @Test(arguments: [0.5, 1, 1_000_000])
    func acceptsRateLimitsAboveZero(rateLimit: Double) throws {
        let request = try IngestionKeyRequest.parse(["name": "k", "kind": "secret", "rateLimit": .number(rateLimit)])
        #expect(request.rateLimit == rateLimit)
    }

    @Test(arguments: [
        (["kind": "secret"] as JSONValue, "name", "is required"),
        (["name": "", "kind": "secret"], "name", "must not be empty"),
        (["name": .string(String(repeating: "n", count: 201)), "kind": "secret"], "name", "must be at most 200 characters"),
        (["name": 1, "kind": "secret"], "name", "expected a string, got a number"),
        (["name": "k"], "kind", "is required"),
        (["name": "k", "kind": "private"], "kind", #"must be one of "publishable", "secret", got "private""#),
        (["name": "k", "kind": "secret", "scopes": []], "scopes", "is not a known field"),
        (["name": "k", "kind": "publishable", "allowedOrigins": "https://a.example"], "allowedOrigins", "expected an array"),
        (["name": "k", "kind": "publishable", "allowedOrigins": [5]], "allowedOrigins[0]", "expected an origin such as"),
        (["name": "k", "kind": "publishable", "allowedOrigins": ["https://a.example", "a.example"]],
         "allowedOrigins[1]", "expected an origin"),
        (["name": "k", "kind": "secret", "allowedOrigins": ["https://a.example"]], "allowedOrigins", "take no origins"),
        (["name": "k", "kind": "secret", "rateLimit": 0], "rateLimit", "must be a number of requests per second above 0"),
        (["name": "k", "kind": "secret", "rateLimit": -5], "rateLimit", "above 0"),
        (["name": "k", "kind": "secret", "rateLimit": 1_000_001], "rateLimit", "above 0"),
        (["name": "k", "kind": "secret", "rateLimit": "10"], "rateLimit", "expected a number, got a string"),
    ] as [(JSONValue, String, String)])
    func reportsProblems(body: JSONValue, field: String, problem: String) {
        let found = problems(body)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.field == field)
        #expect(found.first?.problem.contains(problem) == true, "\(found)")
    }

    @Test(arguments: [JSONValue.array([]), "key", .null])
    func refusesABodyThatIsNotAnObject(body: JSONValue) {
        #expect(problems(body) == [Problem(field: "body", problem: "expected an object, got \(body.typeDescription)")])
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let error = try #require(throws: FlintError.self) {
            try IngestionKeyRequest.parse(
                ["kind": "secret", "allowedOrigins": ["https://a.example", "nope"], "rateLimit": 0, "x": 1])
        }
        #expect(error.code == .invalidKey)
        #expect(error.details.map(\.field).sorted() == ["allowedOrigins", "allowedOrigins[1]", "name", "rateLimit", "x"])
        #expect(error.message.contains("5 problems"))
    }

    @Test(arguments: [
        ("https://shop.example", "https://shop.example"),
        ("HTTPS://SHOP.EXAMPLE", "https://shop.example"),
        ("http://localhost", "http://localhost"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://sub-domain.shop.example:443", "https://sub-domain.shop.example:443"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    ])
    func normalizesOrigins(origin: String, expected: String) {
        #expect(IngestionKeyRequest.normalizedOrigin(origin) == expected)
    }

    @Test(arguments: [
        "", "shop.example", "//shop.example", "ftp://shop.example", "ws://shop.example", "https://", "http://",
        "https://shop.example/", "https://shop.example/path", "https://shop.example?q=1", "https://shop.example#top",
        "https://user@shop.example", "https://shop example", "https://.shop.example", "https://:8080",
        "https://bücher.example", " https://shop.example", "https://shop.example ", "https://shop_example",
        "https://" + String(repeating: "a", count: 254), "null", "*",
        // Non-ASCII that lower-cases to ASCII: U+212A KELVIN SIGN becomes "k", U+0130 becomes "i" and a combining dot.
        "https://\u{212A}.example", "https://shop.\u{0130}o",
    ])
    func refusesWhatIsNotAnOrigin(origin: String) {
        #expect(IngestionKeyRequest.normalizedOrigin(origin) == nil)
    }

    @Test func acceptsAnAuthorityOfExactly253Characters() {
        let host = String(repeating: "a", count: 253)
        #expect(IngestionKeyRequest.normalizedOrigin("https://" + host) == "https://" + host)
    }
}
