import FlintCore
import Hummingbird
import NIOCore

/// The context of every request. Authentication middleware fills in who is calling; the child
/// contexts below turn that into a compile-time fact for the handlers that need it.
public struct FlintRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AdminAuthenticationMiddleware`` once the admin token checked out.
    var isAdmin = false
    /// Set by ``IngestionAuthenticationMiddleware``.
    var ingestionKey: IngestionKey?
    /// Set by ``WebUIMiddleware`` for a browser signed in to the web UI.
    var webSession: WebSession?
    var webUser: User?

    /// The peer's address (nil where there is no socket, as in router tests), formatted only by the
    /// routes that key on it.
    let remoteAddress: SocketAddress?
    /// The client a trusted proxy forwarded the request for; set by ``ClientAddressMiddleware``.
    var forwardedClient: String?

    /// Who sent the request, for limits per client: the client a trusted proxy named, else the peer.
    var clientAddress: String { Self.clientAddress(forwarded: forwardedClient, remote: remoteAddress) }

    static func clientAddress(forwarded: String?, remote: SocketAddress?) -> String {
        forwarded ?? remote?.ipAddress ?? "unknown"
    }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A request authenticated with the admin token.
struct AdminRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage

    init(context: FlintRequestContext) throws {
        guard context.isAdmin else { throw FlintError(.unauthorized, "Send the admin token as Authorization: Bearer <token>") }
        coreContext = context.coreContext
    }
}

/// A request authenticated with an ingestion key.
struct IngestionRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let key: IngestionKey

    init(context: FlintRequestContext) throws {
        guard let key = context.ingestionKey else { throw FlintError(.unauthorized, "Send an ingestion key as Authorization: Bearer <key>") }
        coreContext = context.coreContext
        self.key = key
    }
}
