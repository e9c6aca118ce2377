import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The lean path for `POST /v1/events`: answers single events on the connection's event loop,
/// without Hummingbird's per-request machinery (the async channel's streams, the router, the
/// middleware chain), through the same functions the router uses (``SingleEventIntake``).
///
/// It sits after HTTP decoding and the connection-state handler (idle timeout, graceful shutdown),
/// before Hummingbird's channel, on admitted connections only. Every other request passes on
/// untouched. Answers keep the order of requests, pipelined or not:
/// - a request is taken only while Hummingbird has no request of the connection in hand
///   (``forwardedInHand``: heads passed on, less responses that ended);
/// - while a taken request is being answered, what arrives after it (parts, errors, events) is held,
///   and reading stops once something is held; all of it is replayed, in order, once the answer is
///   written (and may be taken in turn);
/// - after a request that closes the connection (`Connection: close`), or an error passed on to
///   Hummingbird (which then closes), nothing more is taken;
/// - reading stops while the connection cannot take more writes (a client that sends and never
///   reads), as Hummingbird's writer makes its reads wait;
/// - once the connection is gone, nothing held is taken: no event is ingested that nobody can be told of.
final class SingleEventChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Answers a collected request, on the event loop it is called on.
    typealias Answer = nonisolated(nonsending) @Sendable (SingleEventIntake.Request) async -> JSONReply

    private enum State {
        /// No request of ours: parts flow on to Hummingbird.
        case idle
        case collecting(SingleEventIntake.Request)
        /// Waiting for the answer, then writing it.
        case answering(SingleEventIntake.Request)
        /// Our answer closed the connection's output: what arrives after it is dropped.
        case closed
        /// Hummingbird has a request that closes the connection: everything goes to it, untaken.
        case routerCloses
    }

    private enum Held {
        case part(HTTPRequestPart, arrivedAt: ContinuousClock.Instant)
        case error(any Error)
        case event(Any)
    }

    private let answer: Answer
    private let serverName: String
    private var state = State.idle
    private var forwardedInHand = 0
    private var held: [Held] = []
    private var isReadHeld = false
    private var dates = HTTPDateCache()
    private var isolation: EventLoopIsolation?

    init(serverName: String = "flint", answer: @escaping Answer) {
        self.serverName = serverName
        self.answer = answer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        isolation = EventLoopIsolation(context.eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receive(unwrapInboundIn(data), context: context)
    }

    /// An error ends the connection on Hummingbird's side (it answers a parse error with `400` and
    /// closes), so nothing after it is taken. A request cut short by one was never ours to answer.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .answering: held.append(.error(error))
        case .collecting, .idle, .routerCloses:
            state = .routerCloses
            context.fireErrorCaught(error)
        case .closed: context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        held.removeAll()
        isReadHeld = false
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        if context.channel.isWritable { resume(context: context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .answering = state else { return context.fireUserInboundEventTriggered(event) }
        held.append(.event(event))
    }

    /// Reading stops while parts are held, that is, for a client that pipelines (one that waits for each
    /// answer, as most do, keeps its socket registered, which spares two `epoll_ctl` calls a request),
    /// and while the connection cannot take more writes.
    func read(context: ChannelHandlerContext) {
        var isHolding = !context.channel.isWritable
        if case .answering = state, !held.isEmpty { isHolding = true }
        guard isHolding else { return context.read() }
        isReadHeld = true
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { forwardedInHand = max(0, forwardedInHand - 1) }
        context.write(data, promise: promise)
    }

    private func receive(_ part: HTTPRequestPart, arrivedAt: ContinuousClock.Instant? = nil, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            if case .head(let head) = part, forwardedInHand == 0, SingleEventIntake.takes(head) {
                let body = context.channel.allocator.buffer(capacity: 0)
                state = .collecting(
                    .init(head: head, body: body, remoteAddress: context.channel.remoteAddress, receivedAt: arrivedAt ?? .now))
                return
            }
            if case .head(let head) = part {
                forwardedInHand += 1
                if Self.closesConnection(head) { state = .routerCloses }
            }
            context.fireChannelRead(wrapInboundOut(part))
        case .collecting(var request):
            switch part {
            case .body(var bytes):
                state = .idle  // so the buffer is not shared while it grows
                if request.isTruncated || request.body.readableBytes + bytes.readableBytes > SingleEventIntake.bodyLimit {
                    request.isTruncated = true
                } else {
                    request.body.writeBuffer(&bytes)
                }
                state = .collecting(request)
            case .end:
                state = .answering(request)
                start(request, context: context)
            case .head:
                held.append(.part(part, arrivedAt: arrivedAt ?? .now))  // the decoder ends a request before the next begins
            }
        case .answering:
            held.append(.part(part, arrivedAt: arrivedAt ?? .now))
        case .closed:
            break
        case .routerCloses:
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    /// Hummingbird's rule: it closes after a request whose `Connection` header is exactly `close`.
    private static func closesConnection(_ head: HTTPRequest) -> Bool {
        head.headerFields[.connection] == "close"
    }

    /// Runs the answer in a task on this event loop, and writes it there.
    private func start(_ request: SingleEventIntake.Request, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let answer = self.answer
        _ = isolation!.assumeIsolated { isolation in
            Task {
                isolation.preconditionIsolated()
                let reply = await answer(request)
                let (handler, context) = bound.value
                handler.write(reply, context: context)
            }
        }
    }

    private func write(_ reply: JSONReply, context: ChannelHandlerContext) {
        guard case .answering(let request) = state else { return }
        var headers = reply.headers
        headers[.contentLength] = String(reply.body.readableBytes)
        headers[.date] = dates.now()
        headers[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(reply.body)), promise: nil)
        if Self.closesConnection(request.head) {
            // As Hummingbird does: close our side once the answer is out, and let the client close its
            // own; within two seconds even if it does not (what it pipelined after is never answered,
            // so the connection-state handler would wait for it).
            state = .closed
            held.removeAll()
            isReadHeld = false
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(mode: .output, promise: nil) }
            context.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        state = .idle
        resume(context: context)
    }

    /// Replays what was held while a request was answered, until another request is being answered
    /// (or the connection cannot take more writes); reads again if nothing holds it back.
    private func resume(context: ChannelHandlerContext) {
        var replayed = false
        while !held.isEmpty, context.channel.isWritable {
            if case .answering = state { break }
            replayed = true
            switch held.removeFirst() {
            case .part(let part, let arrivedAt): receive(part, arrivedAt: arrivedAt, context: context)
            case .error(let error): errorCaught(context: context, error: error)
            case .event(let event): userInboundEventTriggered(context: context, event: event)
            }
        }
        if replayed { context.fireChannelReadComplete() }
        if case .answering = state, !held.isEmpty { return }
        if isReadHeld, context.channel.isWritable {
            isReadHeld = false
            context.read()
        }
    }
}

/// An actor whose executor is one event loop, so a task on it runs where its channel's handlers do.
private actor EventLoopIsolation {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { eventLoop.executor.asUnownedSerialExecutor() }
}
