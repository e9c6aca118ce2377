import AsyncHTTPClient
import Crypto
import FlintCore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends journey webhooks: JSON over HTTP, signed with `Flint-Signature`, with an `Idempotency-Key`.
///
/// Every destination is checked against ``WebhookDestinationPolicy`` on the addresses its host resolves
/// to, and plain-HTTP requests then connect to the checked address itself (the host goes in `Host`),
/// so a DNS answer that changes between the check and the connection cannot reach an internal
/// address. HTTPS requests verify the certificate for the host name, which an internal address cannot
/// present. The client must not follow redirects (``makeClient()``), so a redirect cannot lead inside either.
public struct WebhookSender: Sendable {
    private let client: HTTPClient
    private let secret: [UInt8]
    private let clock: any WallClock
    private let timeout: TimeAmount
    private let policy: WebhookDestinationPolicy
    private let resolver: any HostResolver

    public init(
        client: HTTPClient, secret: String, clock: any WallClock, timeout: TimeAmount = .seconds(10),
        policy: WebhookDestinationPolicy = WebhookDestinationPolicy(), resolver: any HostResolver = SystemHostResolver()
    ) {
        self.client = client
        self.secret = Array(secret.utf8)
        self.clock = clock
        self.timeout = timeout
        self.policy = policy
        self.resolver = resolver
    }

    /// An HTTP client fit for webhooks: redirects are answers, never followed. Shut it down when done.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: receivers recompute it with the
    /// shared secret and reject old timestamps to stop replays.
    public static func signature(body: String, timestamp: Int64, secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).\(body)".utf8), using: SymmetricKey(data: secret))
        return "t=\(timestamp),v1=" + SecretHash.hex(bytes: mac)
    }

    /// Sends once; the caller retries transient failures.
    public func send(
        url: String, method: String, headers: [String: String], body: String, idempotencyKey: String
    ) async throws(DeliveryError) -> String {
        let destination = try await WebhookDestination.resolve(url, policy: policy, resolver: resolver)
        var request = HTTPClientRequest(url: destination.connectURL)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let host = destination.hostHeader { request.headers.replaceOrAdd(name: "Host", value: host) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "User-Agent", value: "Flint-Webhooks/1")
        request.headers.replaceOrAdd(name: "Idempotency-Key", value: idempotencyKey)
        let timestamp = Int64(clock.now().timeIntervalSince1970)
        request.headers.replaceOrAdd(name: "Flint-Signature", value: Self.signature(body: body, timestamp: timestamp, secret: secret))
        request.body = .bytes(ByteBuffer(string: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch let error as HTTPClientError where Self.isRequestError(error) {
            throw DeliveryError("webhook to \(Self.host(of: url)) cannot be sent: \(error)", isTransient: false)
        } catch {
            throw DeliveryError("webhook to \(Self.host(of: url)) failed: \(error)", isTransient: true)
        }
        let code = Int(response.status.code)
        switch code {
        case 200..<300: return "HTTP \(code) from \(Self.host(of: url))"
        case 300..<400: throw DeliveryError("webhook answered HTTP \(code) (redirects are not followed)", isTransient: false)
        case 429, 500...: throw DeliveryError("webhook answered HTTP \(code)", isTransient: true)
        default: throw DeliveryError("webhook answered HTTP \(code)", isTransient: false)
        }
    }

    /// Errors in the request itself (its headers, URL or method): sending it again cannot help.
    static func isRequestError(_ error: HTTPClientError) -> Bool {
        let requestErrors: [HTTPClientError] = [
            .invalidHeaderFieldNames([]), .invalidHeaderFieldValues([]), .invalidURL, .emptyHost, .emptyScheme, .unsupportedScheme(""),
        ]
        return requestErrors.contains { $0.shortDescription == error.shortDescription }
    }

    static func host(of url: String) -> String {
        URLComponents(string: url)?.host ?? "the receiver"
    }
}
