import Foundation
import NIOCore
import NIOPosix

/// A tiny scripted SMTP server on 127.0.0.1 for failure and pooling tests, which records what it is sent.
///
/// It sends `greeting` (or nothing), then answers each command from `replies`, looked up by the whole
/// line and then by its verb, `250 ok` otherwise; DATA gets 354, and the message, once its final `.`
/// arrives, `250 ok queued as N` (or the reply for `"."`). A nil reply hangs up, `noReply` stays silent,
/// and a 421 is followed by a hang-up. Once a connection has carried a message, `repliesOnReuse` come
/// first: a stand-in for a server that has dropped the idle connection meanwhile.
final class ScriptedSMTPServer: Sendable {
    /// A reply that is never sent: the server stays silent.
    static let noReply = "<no reply>"

    private let channel: any Channel
    private let connected: EventLoopPromise<Void>
    private let log: ScriptedSMTPLog

    var port: Int { channel.localAddress!.port! }
    /// Every connection's commands in the order they arrived (`.` stands for a whole message), by connection.
    var sessions: [[String]] { log.sessions }
    /// The most connections that were open at the same time.
    var peakConnections: Int { log.peakConnections }
    /// The Message-ID of each message accepted, in order.
    var deliveredMessageIDs: [String] { log.deliveredMessageIDs }

    private init(channel: any Channel, connected: EventLoopPromise<Void>, log: ScriptedSMTPLog) {
        self.channel = channel
        self.connected = connected
        self.log = log
    }

    static func start(
        greeting: String? = "220 scripted.test ESMTP",
        replies: [String: String?] = [:],
        repliesOnReuse: [String: String?] = [:]
    ) async throws -> ScriptedSMTPServer {
        let group = MultiThreadedEventLoopGroup.singleton
        let connected = group.next().makePromise(of: Void.self)
        let log = ScriptedSMTPLog()
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedSMTPHandler(
                        greeting: greeting, replies: replies, repliesOnReuse: repliesOnReuse, connected: connected, log: log
                    ))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedSMTPServer(channel: channel, connected: connected, log: log)
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

    /// Returns once `count` QUIT commands have arrived, over all connections.
    func waitForQuits(_ count: Int) async {
        await log.waitForQuits(count)
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
    private let repliesOnReuse: [String: String?]
    private let connected: EventLoopPromise<Void>
    private let log: ScriptedSMTPLog
    private var session = 0
    private var pending = ""
    private var isReadingMessage = false
    private var messageID: String?
    private var messagesCarried = 0

    init(greeting: String?, replies: [String: String?], repliesOnReuse: [String: String?], connected: EventLoopPromise<Void>, log: ScriptedSMTPLog) {
        self.greeting = greeting
        self.replies = replies
        self.repliesOnReuse = repliesOnReuse
        self.connected = connected
        self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        session = log.connectionOpened()
        connected.succeed(())
        if let greeting { write(greeting, context: context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        log.connectionClosed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += String(buffer: unwrapInboundIn(data))
        while let end = pending.range(of: "\r\n") {
            let line = String(pending[..<end.lowerBound])
            pending.removeSubrange(..<end.upperBound)
            if isReadingMessage {
                readMessage(line, context: context)
            } else {
                answer(line, context: context)
            }
        }
    }

    private func readMessage(_ line: String, context: ChannelHandlerContext) {
        if line.lowercased().hasPrefix("message-id:") {
            messageID = line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
        }
        guard line == "." else { return }
        isReadingMessage = false
        let reply = reply(to: ".", verb: ".") ?? "250 ok queued as \(log.deliveredMessageIDs.count + 1)"
        log.record(".", in: session, delivering: reply?.hasPrefix("2") == true ? messageID : nil)
        messagesCarried += 1
        messageID = nil
        send(reply, context: context)
    }

    private func answer(_ line: String, context: ChannelHandlerContext) {
        let verb = line.prefix { $0 != " " }.uppercased()
        log.record(line, in: session)
        if verb == "QUIT" { log.quitReceived() }
        if let reply = reply(to: line, verb: verb) { return send(reply, context: context) }
        switch verb {
        case "QUIT":
            send("221 bye", context: context)
            context.close(promise: nil)
        case "DATA":
            isReadingMessage = true
            send("354 go ahead", context: context)
        default:
            send("250 ok", context: context)
        }
    }

    /// The scripted reply, if any: `.some(nil)` means hang up.
    private func reply(to line: String, verb: String) -> String?? {
        if messagesCarried > 0, let reply = repliesOnReuse[line] ?? repliesOnReuse[verb] { return reply }
        return replies[line] ?? replies[verb]
    }

    private func send(_ reply: String?, context: ChannelHandlerContext) {
        guard let reply else { return context.close(promise: nil) }
        guard reply != ScriptedSMTPServer.noReply else { return }
        write(reply, context: context)
        if reply.hasPrefix("421") { context.close(promise: nil) }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
