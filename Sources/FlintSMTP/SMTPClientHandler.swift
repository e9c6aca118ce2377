import NIOCore
import NIOSSL

/// The thin NIO side of one SMTP transaction: frames lines, assembles replies, feeds them to
/// `SMTPDialogue` and performs its actions (write, add TLS, close), with a timeout on every wait.
///
/// Lives on its channel's event loop only. It completes `promise` (with the receipt or the `SMTPError`)
/// once the channel has closed.
final class SMTPClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var dialogue: SMTPDialogue
    private var framer = SMTPLineFramer()
    private var parser = SMTPReplyParser()
    private let promise: EventLoopPromise<SMTPReceipt>
    private let startTLS: (context: NIOSSLContext, serverHostname: String?)?
    private let replyTimeout: TimeAmount
    private var pendingTimeout: Scheduled<Void>?
    private var outcome: Result<SMTPReceipt, SMTPError>?
    private var isCompleted = false

    init(
        dialogue: SMTPDialogue,
        promise: EventLoopPromise<SMTPReceipt>,
        startTLS: (context: NIOSSLContext, serverHostname: String?)?,
        replyTimeout: TimeAmount
    ) {
        self.dialogue = dialogue
        self.promise = promise
        self.startTLS = startTLS
        self.replyTimeout = replyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armTimeout(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimeout(context: context)  // for the greeting
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        framer.append(unwrapInboundIn(data))
        do {
            while outcome == nil, let line = try framer.nextLine() {
                if let reply = try parser.feed(line) {
                    perform(dialogue.handle(.reply(reply)), context: context)
                }
            }
        } catch {
            perform(dialogue.handle(.failed(error)), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(dialogue.handle(.failed(SMTPError(connectionError: error))), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(dialogue.handle(.connectionClosed), context: context)
        complete()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        pendingTimeout?.cancel()
        complete()
    }

    private func perform(_ action: SMTPDialogue.Action, context: ChannelHandlerContext) {
        switch action {
        case .wait:
            break
        case .send(let command):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: command.bytes)), promise: nil)
            armTimeout(context: context)
        case .startTLS:
            addTLS(context: context)
        case .close(let result):
            pendingTimeout?.cancel()
            if outcome == nil { outcome = result }
            context.close(promise: nil)
        }
    }

    private func addTLS(context: ChannelHandlerContext) {
        // Bytes after the 220 arrived in plaintext; treating them as part of the TLS session would let a
        // man in the middle inject commands' replies (the STARTTLS injection attacks), so refuse them.
        guard !framer.hasBufferedBytes, !parser.isInsideReply else {
            let error = SMTPError(.protocolViolation, message: "the server sent data after its reply to STARTTLS")
            return perform(dialogue.handle(.failed(error)), context: context)
        }
        guard let startTLS else {
            let error = SMTPError(.tlsFailed, message: "TLS is not configured for this connection")
            return perform(dialogue.handle(.failed(error)), context: context)
        }
        do {
            let handler = try NIOSSLClientHandler(context: startTLS.context, serverHostname: startTLS.serverHostname)
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
            // NIOSSL holds writes until the handshake has finished, so EHLO can be queued right away.
            perform(dialogue.handle(.tlsStarted), context: context)
        } catch {
            perform(dialogue.handle(.failed(SMTPError(connectionError: error))), context: context)
        }
    }

    private func armTimeout(context: ChannelHandlerContext) {
        pendingTimeout?.cancel()
        pendingTimeout = context.eventLoop.assumeIsolated().scheduleTask(in: replyTimeout) { [self] in
            perform(dialogue.handle(.timedOut), context: context)
        }
    }

    private func complete() {
        guard !isCompleted else { return }
        isCompleted = true
        pendingTimeout?.cancel()
        let result = outcome ?? .failure(SMTPError(.connectionFailed, message: "the connection closed before the dialogue finished"))
        promise.completeWith(result.mapError { $0 as any Error })
    }
}
