import FlintClient
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A transport that answers from a script instead of the network, and keeps every request.
actor FakeTransport: FlintTransport {
    /// Answers request number `attempt` (0-based), or throws to stand for a network error.
    typealias Handler = @Sendable (_ request: URLRequest, _ attempt: Int) throws -> (Int, [String: String], Data)

    private(set) var requests: [URLRequest] = []
    private let handler: Handler

    init(_ handler: @escaping Handler = { request, _ in FakeTransport.accept(request) }) {
        self.handler = handler
    }

    func send(_ request: URLRequest) async throws -> (Int, [String: String], Data) {
        requests.append(request)
        return try handler(request, requests.count - 1)
    }

    /// Waits (without real time) until `count` requests arrived.
    func waitForRequests(_ count: Int) async -> Bool {
        for _ in 0..<100_000 {
            if requests.count >= count { return true }
            await Task.yield()
        }
        return false
    }

    /// What Flint answers when it accepts everything: per-event results for a batch, 202 for one event.
    static func accept(_ request: URLRequest) -> (Int, [String: String], Data) {
        if request.url!.path.hasSuffix("/batch") {
            let results = events(in: request).enumerated().map { index, event in
                ["index": index, "status": "accepted", "messageId": event["messageId"] as! String] as [String: Any]
            }
            return (200, ["Content-Type": "application/json"], json(["results": results]))
        }
        let event = try! JSONSerialization.jsonObject(with: request.httpBody!) as! [String: Any]
        return (202, [:], json(["status": "accepted", "messageId": event["messageId"]!]))
    }

    /// The error body of API.md.
    static func error(_ status: Int, _ code: String, headers: [String: String] = [:]) -> (Int, [String: String], Data) {
        (status, headers, json(["error": ["code": code, "message": "a sentence", "details": [["field": "attributes.amount", "problem": "expected a number"]]]]))
    }

    static func json(_ object: Any) -> Data {
        try! JSONSerialization.data(withJSONObject: object)
    }
}

/// The events of a batch request, parsed.
func events(in request: URLRequest) -> [[String: Any]] {
    let body = try! JSONSerialization.jsonObject(with: request.httpBody!) as! [String: Any]
    return body["events"] as! [[String: Any]]
}

func messageIds(in request: URLRequest) -> [String] {
    events(in: request).map { $0["messageId"] as! String }
}
