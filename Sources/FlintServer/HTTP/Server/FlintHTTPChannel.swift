import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 channel with Flint's limits: idle, header and body timeouts, and a cap on
/// connections served at once. A connection past the cap gets `503` with `Retry-After` at once and is
/// closed, rather than waiting in the kernel's queue until its client gives up; past a budget of such
/// refusals, accepting pauses (``ConnectionLimit``), so descriptors never run out.
struct FlintHTTPChannel: ServerChildChannel {
    /// A connection, and whether it has a place under the cap (decided when it is set up, so a refused
    /// connection never gets the lean path, which would ingest before anything refused it).
    struct Connection: ServerChildChannelValue {
        let http: HTTP1Channel.Value
        let isAdmitted: Bool
        var channel: any Channel { http.channel }
    }

    typealias Value = Connection

    let http: HTTP1Channel
    let limit: ConnectionLimit
    let bodyTimeout: TimeAmount
    /// Answers `POST /v1/events` on the lean path (``SingleEventChannelHandler``); nil: the router does.
    let singleEvents: SingleEventIntake?
    let serverName: String

    /// Hummingbird's HTTP/1 pipeline (as ``HTTP1Channel`` builds it), with the lean event path between
    /// the connection-state handler and Hummingbird's channel, so idle timeouts and graceful shutdown
    /// see its requests too.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        limit.track(channel)
        let isAdmitted = limit.admit()
        if isAdmitted {
            let limit = self.limit
            channel.closeFuture.whenComplete { _ in limit.release() }
        }
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            let decoder = http.configuration.httpDecoder
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = decoder.maxHeaderFieldSize
            limits.maxHeaderListSize = decoder.maxHeaderListSize
            limits.maxHeaderFieldCount = decoder.maxHeaderFieldCount
            // As Hummingbird's: pipelining is ordered by its async channel (and by the lean path), errors
            // are answered by the application, and HTTP types validate outgoing headers already.
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(RequestBodyDeadlineHandler(timeout: bodyTimeout))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: http.configuration.idleTimeout.map { .init($0) }, logger: logger))
            if isAdmitted, let singleEvents {
                try pipeline.addHandler(SingleEventChannelHandler(serverName: serverName) { await singleEvents.reply(to: $0) })
            }
            let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
            return Connection(http: http, isAdmitted: isAdmitted)
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard value.isAdmitted else {
            logger.notice("connection refused: too many open connections", metadata: ["limit": "\(limit.maximum)"])
            await Self.refuse(value.http)
            return
        }
        await http.handle(value: value.http, logger: logger)
    }

    static let refusalBody = #"{"error": {"code": "unavailable", "message": "Flint is serving as many connections as it may; try again shortly", "details": []}}"#

    /// Answers 503 without waiting for the request, half-closes, and drops the connection within two
    /// seconds even if the client never reads.
    static func refuse(_ value: HTTP1Channel.Value) async {
        let channel = value.channel
        channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        try? await value.executeThenClose { inbound, outbound in
            let body = ByteBuffer(string: refusalBody)
            let head = HTTPResponse(
                status: .serviceUnavailable,
                headerFields: [.contentType: "application/json", .retryAfter: "1", .connection: "close", .contentLength: "\(body.readableBytes)"])
            try await outbound.write(.head(head))
            try await outbound.write(.body(body))
            try await outbound.write(.end(nil))
            outbound.finish()
            for try await _ in inbound {}
        }
    }
}

extension HTTPServerBuilder {
    /// Flint's HTTP/1 server with the limits of `settings`, and the lean path for single events when
    /// `singleEvents` is given.
    static func flint(
        _ settings: HTTPSettings, logger: Logger, serverName: String, singleEvents: SingleEventIntake? = nil
    ) -> HTTPServerBuilder {
        let maximum = settings.maxConnections ?? ConnectionLimit.defaultMaximum(descriptorLimit: DescriptorLimit.raiseToHardLimit())
        let limit = ConnectionLimit(maximum: maximum)
        let configuration = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))
        return HTTPServerBuilder { responder in
            FlintHTTPChannel(
                http: HTTP1Channel(responder: responder, configuration: configuration), limit: limit,
                bodyTimeout: .seconds(Int64(settings.bodyTimeoutSeconds)), singleEvents: singleEvents, serverName: serverName)
        }
    }
}
