import NIOCore
import NIOPosix

/// A tiny misbehaving SMTP server on 127.0.0.1 for failure tests: it sends `greeting` (or nothing),
/// then answers each command by its verb from `replies` (a nil reply hangs up), `250 ok` otherwise.
final class ScriptedSMTPServer: Sendable {
    private let channel: any Channel
    private let connected: EventLoopPromise<Void>

    var port: Int { channel.localAddress!.port! }

    private init(channel: any Channel, connected: EventLoopPromise<Void>) {
        self.channel = channel
        self.connected = connected
    }

    static func start(greeting: String?, replies: [String: String?]) async throws -> ScriptedSMTPServer {
        let group = MultiThreadedEventLoopGroup.singleton
        let connected = group.next().makePromise(of: Void.self)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptedSMTPHandler(greeting: greeting, replies: replies, connected: connected)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedSMTPServer(channel: channel, connected: connected)
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unusedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    /// Returns once a client has connected.
    func waitForConnection() async throws {
        try await connected.futureResult.get()
    }

    func stop() async throws {
        connected.succeed(())
        try await channel.close()
    }
}

private final class ScriptedSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let greeting: String?
    private let replies: [String: String?]
    private let connected: EventLoopPromise<Void>
    private var pending = ""

    init(greeting: String?, replies: [String: String?], connected: EventLoopPromise<Void>) {
        self.greeting = greeting
        self.replies = replies
        self.connected = connected
    }

    func channelActive(context: ChannelHandlerContext) {
        connected.succeed(())
        if let greeting { write(greeting, context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += String(buffer: unwrapInboundIn(data))
        while let end = pending.range(of: "\r\n") {
            let line = pending[..<end.lowerBound]
            pending.removeSubrange(..<end.upperBound)
            let verb = line.prefix { $0 != " " }.uppercased()
            if let reply = replies[verb] {
                guard let reply else { return context.close(promise: nil) }
                write(reply, context: context)
            } else if verb == "QUIT" {
                write("221 bye", context: context)
                context.close(promise: nil)
            } else {
                write("250 ok", context: context)
            }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
