import AsyncHTTPClient
import FlintCore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends SMS through an HTTP provider shaped like Twilio's Messages API:
/// `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form `To`, `From`, `Body`, basic auth `sid:token`.
public struct SMSSender: Sendable {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var accountSID: String
        public var token: String
        public var from: String

        public init(baseURL: String, accountSID: String, token: String, from: String) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.accountSID = accountSID
            self.token = token
            self.from = from
        }
    }

    private let client: HTTPClient
    private let configuration: Configuration
    private let timeout: TimeAmount

    public init(client: HTTPClient, configuration: Configuration, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.configuration = configuration
        self.timeout = timeout
    }

    /// Sends once; the caller retries transient failures. Returns the provider's message id when it gives one.
    public func send(to phone: String, text: String, idempotencyKey: String) async throws(DeliveryError) -> String {
        let account = configuration.accountSID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? configuration.accountSID
        var request = HTTPClientRequest(url: "\(configuration.baseURL)/2010-04-01/Accounts/\(account)/Messages.json")
        request.method = .POST
        let credentials = Data("\(configuration.accountSID):\(configuration.token)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: Self.form(["To": phone, "From": configuration.from, "Body": text])))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            throw DeliveryError("SMS provider unreachable: \(error)", isTransient: true)
        }
        let code = Int(response.status.code)
        switch code {
        case 200..<300:
            let sid = (try? JSONParser.parse(Array(body.readableBytesView)))?["sid"]?.stringValue
            return sid.map { "accepted by the SMS provider as \($0)" } ?? "accepted by the SMS provider (HTTP \(code))"
        case 429, 500...: throw DeliveryError("SMS provider answered HTTP \(code)", isTransient: true)
        default: throw DeliveryError("SMS provider refused the message (HTTP \(code))", isTransient: false)
        }
    }

    /// `application/x-www-form-urlencoded`, with `+` and other reserved characters escaped.
    static func form(_ fields: KeyValuePairs<String, String>) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
