import FlintCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlintServer

@Suite("Errors at the edge")
struct ErrorResponseTests {
    static let statuses: [(ErrorCode, Int)] = [
        (.invalidJSON, 400), (.invalidRequest, 400), (.validationFailed, 400), (.unknownTrigger, 400),
        (.triggerNotAccepting, 400), (.invalidTrigger, 400), (.invalidKey, 400), (.invalidJourney, 400), (.messageTooLarge, 400), (.invalidEntity, 400), (.unknownEntity, 404), (.entityInUse, 409), (.forbidden, 403), (.userExists, 409), (.unauthorized, 401),
        (.originNotAllowed, 403), (.notFound, 404), (.routeNotFound, 404), (.triggerExists, 409), (.triggerInUse, 409),
        (.triggerReadOnly, 409), (.integrationNotVerified, 409), (.triggerNotReady, 409), (.payloadTooLarge, 413), (.unsupportedMediaType, 415),
        (.rateLimited, 429), (.internalError, 500), (.unavailable, 503),
    ]

    @Test(arguments: statuses)
    func mapsEveryCodeToItsStatusAndTheErrorShape(code: ErrorCode, status: Int) throws {
        let error = FlintError(code, "Something", details: [Problem(field: "a", problem: "b")], retryAfter: code == .rateLimited || code == .unavailable ? 2 : nil)
        let response = error.response()
        #expect(response.status.code == status)
        #expect(response.headers[.contentType] == "application/json")
        #expect(error.body == ["error": ["code": .string(code.rawValue), "message": "Something", "details": [["field": "a", "problem": "b"]]]])
        if code == .rateLimited || code == .unavailable {
            #expect(response.headers[.retryAfter] == "2")
        }
    }

    @Test func unavailableCarriesRetryAfterByDefault() {
        #expect(FlintError.unavailable("down").response().headers[.retryAfter] == "1")
    }
}

/// Random damage to valid requests: whatever arrives, Flint answers below 500 and keeps what it accepted.
@Suite("Ingestion under mangled input")
struct MangledInputTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mangle(_ bytes: [UInt8], using generator: inout SplitMix) -> [UInt8] {
        var result = bytes
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:  // flip some bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !result.isEmpty {
                result[Int.random(in: 0..<result.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
        case 1:  // truncate
            result = Array(result.prefix(Int.random(in: 0..<max(1, result.count), using: &generator)))
        case 2:  // duplicate a slice
            let start = Int.random(in: 0..<result.count, using: &generator)
            result.insert(contentsOf: result[start...].prefix(20), at: start)
        default:  // insert structural characters
            let structural: [UInt8] = Array("{}[]\",:\\ ".utf8)
            result.insert(structural.randomElement(using: &generator)!, at: Int.random(in: 0...result.count, using: &generator))
        }
        return result
    }

    @Test func neverAnswersWithA5xx() async throws {
        try await TestFlint().run { client in
            let key = try await client.setUpTriggerAndKey()
            var generator = SplitMix(state: 42)
            let single = Array(validEvent(messageId: "seed").serialized().utf8)
            let batch = Array(JSONValue.object(["events": [validEvent(), validEvent(messageId: "x")]]).serialized().utf8)
            var accepted = 0
            for round in 0..<400 {
                let (path, body) = round.isMultiple(of: 2) ? ("/v1/events", single) : ("/v1/events/batch", batch)
                let response = try await client.send(.post, path, raw: Self.mangle(body, using: &generator), token: key)
                #expect(response.status.code < 500, "round \(round)")
                #expect(response.status.code >= 400 ? response.errorCode != nil : true, "round \(round): error without the error shape")
                if response.status == .accepted { accepted += 1 }
            }
            #expect(try await client.send(.get, "/health/ready", token: nil).status == .ok)
            let trigger = try await client.send(.get, "/api/v1/triggers/wifi_signup").json
            #expect((trigger["eventCount"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } } ?? -1) >= accepted)
        }
    }
}
