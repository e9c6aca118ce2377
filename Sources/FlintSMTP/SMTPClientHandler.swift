import NIOCore
import NIOSSL

/// The thin NIO side of one SMTP session: frames lines, assembles replies, feeds them and the envelopes
/// written to the channel to `SMTPDialogue`, and performs its actions (write, add TLS, report, close),
/// with a timeout on every wait for a reply.
///
/// Lives on its channel's event loop only. Whoever waits (the set-up, then one transaction at a time)
/// gets its outcome through a promise: at once when the session goes on, once the channel has closed
/// when it ends the session.
final class SMTPClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Transaction
    typealias OutboundOut = ByteBuffer

    /// An envelope to send and the promise for its receipt, written to the channel by `SMTPConnection`.
    /// The promise fails with `SMTPError`, or `SMTPStaleConnectionError` when the message may go out again.
    struct Transaction: Sendable {
        var envelope: SMTPEnvelope
        var promise: EventLoopPromise<SMTPReceipt>
    }

    /// The user outbound event that ends an idle session with QUIT.
    struct Quit: Sendable {}

    private enum Waiter {
        case setUp(EventLoopPromise<Void>)
        case transaction(EventLoopPromise<SMTPReceipt>)
    }

    private var dialogue: SMTPDialogue
    private var framer = SMTPLineFramer()
    private var parser = SMTPReplyParser()
    private var waiter: Waiter?
    /// Set once the dialogue has ended the session; `closingOutcome` is reported when the channel has closed.
    private var isClosing = false
    private var closingOutcome: SMTPDialogue.Outcome?
    private let startTLS: (context: NIOSSLContext, serverHostname: String?)?
    private let replyTimeout: TimeAmount
    private var pendingTimeout: Scheduled<Void>?

    /// A handler whose set-up (greeting to AUTH) completes `setUp`.
    init(
        dialogue: SMTPDialogue,
        setUp: EventLoopPromise<Void>,
        startTLS: (context: NIOSSLContext, serverHostname: String?)?,
        replyTimeout: TimeAmount
    ) {
        self.dialogue = dialogue
        self.waiter = .setUp(setUp)
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
            while !isClosing, let line = try framer.nextLine() {
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
        reportEnding()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        pendingTimeout?.cancel()
        reportEnding()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let transaction = unwrapOutboundIn(data)
        promise?.succeed()
        guard waiter == nil else {
            // The pool hands a connection to one sender at a time; a second envelope is refused, not queued.
            let error = SMTPError(.connectionFailed, message: "the connection is busy with another message")
            return transaction.promise.fail(error)
        }
        waiter = .transaction(transaction.promise)
        perform(dialogue.handle(.send(transaction.envelope)), context: context)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Quit else { return context.triggerUserOutboundEvent(event, promise: promise) }
        promise?.succeed()
        perform(dialogue.handle(.quit), context: context)
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
        case .report(let outcome):
            pendingTimeout?.cancel()  // the session is idle until the next envelope
            report(outcome)
        case .decline(let outcome):
            report(outcome)
        case .close(let outcome):
            pendingTimeout?.cancel()
            if !isClosing {
                isClosing = true
                closingOutcome = outcome
            }
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

    /// Once the channel has closed, whoever still waits learns how the session ended.
    private func reportEnding() {
        pendingTimeout?.cancel()
        guard waiter != nil else { return }
        let closed = SMTPError(.connectionFailed, message: "the connection closed before the dialogue finished")
        report(closingOutcome ?? .failed(closed))
    }

    private func report(_ outcome: SMTPDialogue.Outcome) {
        guard let waiter else { return }
        self.waiter = nil
        switch (waiter, outcome) {
        case (.setUp(let promise), .ready):
            promise.succeed()
        case (.transaction(let promise), .delivered(let receipt)):
            promise.succeed(receipt)
        case (.setUp(let promise), .failed(let error)), (.setUp(let promise), .stale(let error)):
            promise.fail(error)
        case (.transaction(let promise), .failed(let error)):
            promise.fail(error)
        case (.transaction(let promise), .stale(let error)):
            promise.fail(SMTPStaleConnectionError(error: error))
        // The dialogue reports `ready` only at the end of the set-up and `delivered` only for a transaction.
        case (.setUp(let promise), .delivered):
            promise.fail(SMTPError(.protocolViolation, message: "a message was delivered before the session was set up"))
        case (.transaction(let promise), .ready):
            promise.fail(SMTPError(.protocolViolation, message: "the session was set up again during a transaction"))
        }
    }
}
