import FlintCore
import FlintSQLite
import FlintServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A wall clock the test moves by hand.
final class TestClock: WallClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// Ids numbered in the order they are asked for (`jrn_1`, `key_2`, `message-3`), so a test can name what it creates.
final class SequentialIdentifiers: IdentifierSource {
    private let issued = Mutex(0)

    func make(prefix: String) -> String { prefix + String(next()) }
    func makeMessageId() -> String { "message-" + String(next()) }

    private func next() -> Int { issued.withLock { $0 += 1; return $0 } }
}

/// A Flint application on a fresh temporary SQLite folder, with a known admin token.
struct TestFlint {
    static let adminToken = "test-admin-token"
    let folder: URL
    let clock: TestClock
    var ids: any IdentifierSource = RandomIdentifiers()
    var configuration: FlintConfiguration
    /// `.router` (no sockets) unless a test needs a real peer address (`.live`, on a free port).
    var testing: TestingSetup = .router

    init(inspectorRetention: Int = 1000) {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-test-\(UUID().uuidString)")
        clock = TestClock()
        configuration = FlintConfiguration()
        configuration.dataFolder = folder
        configuration.adminToken = Self.adminToken
        configuration.logLevel = .critical
        configuration.inspectorRetention = inspectorRetention
        // Refusals answer at once: route tests do not sleep.
        configuration.refusalHoldMilliseconds = 0
    }

    /// Builds the app and runs `test` against it (its router, unless `testing` says otherwise); removes the folder afterwards.
    func run<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(folder: folder, inspectorRetention: configuration.inspectorRetention)
        return try await store.whileRunning {
            let app = try await buildApplication(configuration: configuration, store: store, clock: clock, ids: ids)
            return try await app.test(testing, test)
        }
    }
}

/// The Wi-Fi sign-up trigger of API.md, with all five attribute types.
let wifiTrigger: JSONValue = [
    "name": "wifi_signup", "title": "Wi-Fi sign-up", "description": "A customer signed up to the guest Wi-Fi",
    "customerType": "contact", "eventName": "Wi-Fi Signed Up",
    "attributes": [
        ["name": "location", "type": "text", "required": true],
        ["name": "amount", "type": "number"],
        ["name": "firstVisit", "type": "boolean"],
        ["name": "signedUpAt", "type": "datetime"],
        ["name": "order", "type": "entityReference", "entity": "order"],
    ],
]

func validEvent(messageId: String? = nil, authId: String = "contact-123") -> JSONValue {
    var event: JSONObject = [
        "trigger": "wifi_signup", "authId": .string(authId),
        "attributes": [
            "location": "lobby", "amount": 12.5, "firstVisit": true, "signedUpAt": "2026-11-26T09:59:00Z", "order": "order-77",
        ],
    ]
    if let messageId { event["messageId"] = .string(messageId) }
    return .object(event)
}

extension TestClientProtocol {
    /// Sends a request; `body` may be a JSON value or raw bytes.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, raw: [UInt8]? = nil,
        token: String? = TestFlint.adminToken, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: json.serialized())
        } else if let raw {
            body = ByteBuffer(bytes: raw)
        }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// Creates the Wi-Fi trigger and a key; returns the key's full value.
    func setUpTriggerAndKey(kind: String = "secret", origins: [String] = [], extra: JSONObject = [:]) async throws -> String {
        let created = try await send(.post, "/api/v1/triggers", json: wifiTrigger)
        #expect(created.status == .created)
        var request: JSONObject = ["name": "shop", "kind": .string(kind), "allowedOrigins": .array(origins.map(JSONValue.string))]
        for member in extra { request[member.key] = member.value }
        let key = try await send(.post, "/api/v1/ingestion-keys", json: .object(request))
        #expect(key.status == .created)
        return try #require(key.json["key"]?.stringValue)
    }
}

extension TestResponse {
    /// The body parsed as JSON (`.null` when it is not JSON).
    var json: JSONValue {
        (try? body.withUnsafeReadableBytes { try JSONParser.parse($0) }) ?? .null
    }

    var errorCode: String? { json["error"]?["code"]?.stringValue }

    var problemFields: [String] {
        json["error"]?["details"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
    }
}
