import FlintCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A browser in router tests: keeps cookies, reads CSRF tokens from pages, and posts forms.
final class WebBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: headers(), body: nil)
        remember(response)
        return response
    }

    /// Any method, with the browser's cookies and no body.
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: method, headers: headers(), body: nil)
        remember(response)
        return response
    }

    /// Posts `fields` form-encoded; `csrf` nil sends none.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: String?) async throws -> TestResponse {
        var all = fields
        if let csrf { all.append(("_csrf", csrf)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Signs in through the form as `email`.
    func signIn(_ email: String, password: String) async throws {
        let form = try await get("/sign-in")
        let response = try await post("/sign-in", [("email", email), ("password", password)], csrf: Self.csrf(in: form))
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/triggers")
    }

    /// The CSRF token of the first form on `page`.
    static func csrf(in page: TestResponse) -> String? {
        let text = page.text
        guard let range = text.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    func forget(_ name: String) {
        cookies[name] = nil
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [.accept: "text/html"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    private func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = pair[1].isEmpty ? nil : String(pair[1])
        }
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
