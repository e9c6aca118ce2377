import NIOCore
import NIOPosix
import NIOSSL

/// Sends email through one SMTP server over a small pool of reused connections.
///
/// Flint's email channel holds one client for the process; `send` may be called concurrently. Each
/// connection carries one message at a time and stays open for the next (see `SMTPConfiguration.Pool`
/// for the limits). Failures are `SMTPError`s whose `isTransient` says whether to retry with backoff. A
/// message that meets a reused connection the server has meanwhile closed, before the server accepted
/// MAIL FROM, is sent again on a fresh connection, once. A connection lost after the message data was
/// sent is reported as transient although the server may have accepted the message; the `Message-ID`
/// lets receivers recognise such duplicates.
public final class SMTPClient: Sendable {
    /// Where and how to connect.
    public let configuration: SMTPConfiguration
    /// Built once: loading trust roots is not free. A failure surfaces at `send`.
    private let tlsContext: Result<NIOSSLContext?, SMTPError>
    private let pool: SMTPConnectionPool

    /// Creates a client; nothing connects until `send`.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        let tlsContext = Result { () throws(SMTPError) in try configuration.makeTLSContext() }
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.pool = SMTPConnectionPool(settings: configuration.pool) {
            try await SMTPConnection.connect(
                configuration: configuration, tlsContext: tlsContext.get(), eventLoopGroup: eventLoopGroup
            )
        }
    }

    /// Delivers `message` and returns the server's acceptance.
    ///
    /// - Throws: `SMTPError`, or `CancellationError` when the task is cancelled (a connection in use is then closed).
    public func send(_ message: EmailMessage) async throws -> SMTPReceipt {
        try configuration.validate()
        _ = try tlsContext.get()
        let envelope = SMTPEnvelope(message)
        return try await pool.withConnection { try await $0.send(envelope) }
    }
}
