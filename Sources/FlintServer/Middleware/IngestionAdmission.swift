import FlintCore
import FlintEngine
import HTTPTypes
import Logging
import NIOCore

/// How an ingestion request is let in: the ``IngestionGate``'s verdict on its key (value, state,
/// origin, rate limits), with refusals counted. ``IngestionAuthenticationMiddleware`` asks it for the
/// router's ingestion routes, and the lean event path for its own requests.
struct IngestionAdmission: Sendable {
    let gate: IngestionGate
    let metrics: IngestionMetrics
    let proxyWarning: UntrustedProxyWarning

    /// The key the request authenticates with.
    ///
    /// - Parameters:
    ///   - remoteAddress: the peer.
    ///   - forwardedClient: the client a trusted proxy named (``ClientAddressMiddleware``), if any.
    nonisolated(nonsending) func admit(
        _ headers: HTTPFields, remoteAddress: SocketAddress?, forwardedClient: String?, logger: Logger
    ) async throws -> IngestionKey {
        let client = { FlintRequestContext.clientAddress(forwarded: forwardedClient, remote: remoteAddress) }
        do {
            return try await gate.admit(token: headers.bearerToken, origin: headers[.origin], client: client())
        } catch {
            if let error = error as? FlintError {
                metrics.recordRejected(error.code)
                if error.code == .rateLimited, forwardedClient == nil, headers[ClientAddressMiddleware.forwardedFor] != nil {
                    proxyWarning.refused(peer: client(), logger: logger)
                }
            }
            throw error
        }
    }
}
