import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One connection to the SMTP server, past greeting, EHLO, STARTTLS and AUTH, that carries one message
/// at a time and then the next.
///
/// `SMTPConnectionPool` hands it to one sender at a time; `SMTPClientHandler` runs the session on the
/// channel's event loop.
final class SMTPConnection: Identifiable, Sendable {
    private let channel: any Channel
    private let transactionCount = Atomic<Int>(0)
    private let closeRequested = Atomic<Bool>(false)

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// The event loop the session runs on, for timers that concern this connection.
    var eventLoop: any EventLoop { channel.eventLoop }

    /// Completes once the connection has closed, whoever closed it.
    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Whether the connection is still open (it may still turn out stale when next used).
    var isActive: Bool { channel.isActive }

    /// Whether the connection was told to close because its sender was cancelled; it may still be open.
    var isClosing: Bool { closeRequested.load(ordering: .relaxed) }

    /// How many messages this connection has been given, delivered or not.
    var messageCount: Int { transactionCount.load(ordering: .relaxed) }

    /// Connects and runs the set-up; returns once the session is ready for a message.
    ///
    /// - Throws: `SMTPError`, or `CancellationError` when the task is cancelled (the connection is then closed).
    static func connect(
        configuration: SMTPConfiguration,
        tlsContext: NIOSSLContext?,
        eventLoopGroup: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let credentials = configuration.username.map {
            SMTPDialogue.Credentials(username: $0, password: configuration.password ?? "")
        }
        let dialogue = SMTPDialogue(security: configuration.security, heloName: configuration.heloName, credentials: credentials)
        let serverHostname = configuration.tlsServerHostname
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)

        let channel: any Channel
        let setUp: EventLoopFuture<Void>
        do {
            (channel, setUp) = try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.security == .implicitTLS, let tlsContext {
                        let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    let promise = channel.eventLoop.makePromise(of: Void.self)
                    let handler = SMTPClientHandler(
                        dialogue: dialogue,
                        setUp: promise,
                        startTLS: tlsContext.map { ($0, serverHostname) },
                        replyTimeout: TimeAmount(configuration.timeouts.command)
                    )
                    do {
                        try channel.pipeline.syncOperations.addHandler(handler)
                    } catch {
                        promise.fail(error)
                        throw error
                    }
                    return (channel, promise.futureResult)
                }
            }
        } catch {
            try Task.checkCancellation()
            throw SMTPError(connectionError: error)
        }
        try await Self.wait(for: setUp.get, onCancel: { channel.close(promise: nil) })
        guard !Task.isCancelled else {
            // Set up just as the task was cancelled: the channel is closing, and its place is only free once closed.
            channel.close(promise: nil)
            try? await channel.closeFuture.get()
            throw CancellationError()
        }
        return SMTPConnection(channel: channel)
    }

    /// Delivers one envelope and returns the server's acceptance.
    ///
    /// - Throws: `SMTPError`; `SMTPStaleConnectionError` when the connection had carried an earlier message
    ///   and turned out closed before the server accepted MAIL FROM; `CancellationError` when the task is
    ///   cancelled (the connection is then closed).
    func send(_ envelope: SMTPEnvelope) async throws -> SMTPReceipt {
        let isReused = transactionCount.add(1, ordering: .relaxed).oldValue > 0
        let promise = channel.eventLoop.makePromise(of: SMTPReceipt.self)
        channel.writeAndFlush(SMTPClientHandler.Transaction(envelope: envelope, promise: promise)).whenFailure { error in
            // The channel closed before the envelope reached the session, so the message was not offered.
            let error = SMTPError(.connectionFailed, message: "the connection closed while idle: \(error)")
            promise.fail(isReused ? SMTPStaleConnectionError(error: error) : error)
        }
        // A receipt that arrives as the task is cancelled is still returned: the message was accepted.
        return try await Self.wait(for: promise.futureResult.get, onCancel: abort)
    }

    /// Ends the session politely with QUIT, then the connection closes; nothing when it already has.
    func quit() {
        channel.triggerUserOutboundEvent(SMTPClientHandler.Quit(), promise: nil)
    }

    /// Closes at once, for a cancelled sender: the message may be half sent, so the session is not reused.
    private func abort() {
        closeRequested.store(true, ordering: .relaxed)
        channel.close(promise: nil)
    }

    /// Waits for `operation`, calling `onCancel` (which closes the channel) if the task is cancelled meanwhile;
    /// errors other than `SMTPStaleConnectionError` and cancellation become `SMTPError`s.
    private static func wait<Value: Sendable>(
        for operation: () async throws -> Value, onCancel: @Sendable () -> Void
    ) async throws -> Value {
        do {
            return try await withTaskCancellationHandler {
                try await operation()
            } onCancel: {
                onCancel()
            }
        } catch let error as SMTPStaleConnectionError {
            try Task.checkCancellation()
            throw error
        } catch {
            try Task.checkCancellation()
            throw SMTPError(connectionError: error)
        }
    }
}
