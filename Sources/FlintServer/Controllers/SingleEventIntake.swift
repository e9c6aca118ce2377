import FlintCore
import FlintEngine
import HTTPTypes
import Logging
import NIOCore

/// `POST /v1/events` as one function of a collected request, for the lean path
/// (``SingleEventChannelHandler``), which answers these requests without Hummingbird's router.
///
/// It composes the router's own pieces in the router's order, so there is still one of each: the
/// client address (``ClientAddressMiddleware``), authentication (``IngestionAdmission``), the body
/// (``JSONBodyReader``), ingestion and its answer (``IngestionController``), and the error shape
/// (``FlintError/answering(_:path:logger:)``, as ``ErrorMiddleware``). A test sends the same
/// requests both ways and compares the answers.
struct SingleEventIntake: Sendable {
    /// A request the lean path collected: its head and, up to ``bodyLimit``, its body.
    struct Request: Sendable {
        var head: HTTPRequest
        var body: ByteBuffer
        /// Whether the body ran past ``bodyLimit`` (what was past it is not kept).
        var isTruncated = false
        var remoteAddress: SocketAddress?
        /// When its head arrived, for the latency metric (the router's counts the body's arrival too).
        var receivedAt = ContinuousClock.now
    }

    static let path = "/v1/events"
    static let bodyLimit = Ingestor.maximumEventSize

    let admission: IngestionAdmission
    let controller: IngestionController
    let proxies: TrustedProxies
    let logger: Logger

    /// Whether the lean path takes a request: a single event without an `Origin`. Browsers' requests
    /// (which need CORS headers), bodies declared over the limit and `Expect: 100-continue` (which the
    /// router refuses or answers before the body arrives), and everything else go through the router.
    static func takes(_ head: HTTPRequest) -> Bool {
        guard head.method == .post, head.path == path else { return false }
        let fields = head.headerFields
        guard fields[.origin] == nil, fields[.expect] == nil else { return false }
        if let length = fields[.contentLength] { return Int(length).map { $0 <= bodyLimit } ?? false }
        return true
    }

    /// The answer to `request`, once its event is on disk (or it is refused).
    nonisolated(nonsending) func reply(to request: Request) async -> JSONReply {
        let headers = request.head.headerFields
        controller.metrics.recordLeanRequest()
        do {
            let forwarded = proxies.isEmpty
                ? nil : ClientAddressMiddleware.forwardedClient(headers, remoteAddress: request.remoteAddress, proxies: proxies)
            _ = try await admission.admit(headers, remoteAddress: request.remoteAddress, forwardedClient: forwarded, logger: logger)
            return try await controller.measured(since: request.receivedAt) {
                let reader = JSONBodyReader(limit: Self.bodyLimit)
                let isGzip = try reader.check(headers)
                if request.isTruncated { throw reader.tooLargeError }
                guard let event = try reader.parse(request.body, isGzip: isGzip) else { throw FlintError.emptyBody }
                return try await controller.ingest(event)
            }
        } catch {
            return FlintError.answering(error, path: Self.path, logger: logger).reply
        }
    }
}
