import NIOCore
import NIOPosix
import NIOSSL

/// Sends email through one SMTP server, opening one connection per message.
///
/// Flint's email channel holds one client for the process; `send` may be called concurrently.
/// Failures are `SMTPError`s whose `isTransient` says whether to retry with backoff. A connection
/// lost after the message data was sent is reported as transient although the server may have
/// accepted the message; the `Message-ID` lets receivers recognise such duplicates.
public final class SMTPClient: Sendable {
    /// Where and how to connect.
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    /// Built once: loading trust roots is not free. A failure surfaces at `send`.
    private let tlsContext: Result<NIOSSLContext?, SMTPError>

    /// Creates a client; nothing connects until `send`.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = Result { () throws(SMTPError) in try configuration.makeTLSContext() }
    }

    /// Delivers `message` and returns the server's acceptance.
    ///
    /// - Throws: `SMTPError`, or `CancellationError` when the task is cancelled (the connection is then closed).
    public func send(_ message: EmailMessage) async throws -> SMTPReceipt {
        try configuration.validate()
        let tlsContext = try self.tlsContext.get()
        let configuration = self.configuration
        let credentials = configuration.username.map {
            SMTPDialogue.Credentials(username: $0, password: configuration.password ?? "")
        }
        let dialogue = SMTPDialogue(
            security: configuration.security, heloName: configuration.heloName,
            credentials: credentials, envelope: SMTPEnvelope(message)
        )
        let serverHostname = configuration.tlsServerHostname
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)

        let channel: any Channel
        let result: EventLoopFuture<SMTPReceipt>
        do {
            (channel, result) = try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.security == .implicitTLS, let tlsContext {
                        let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    let promise = channel.eventLoop.makePromise(of: SMTPReceipt.self)
                    let handler = SMTPClientHandler(
                        dialogue: dialogue,
                        promise: promise,
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
        do {
            return try await withTaskCancellationHandler {
                try await result.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            try Task.checkCancellation()
            throw SMTPError(connectionError: error)
        }
    }
}
