import FlintCore
import PostgresNIO
import _ConnectionPoolModule

/// The pool gives up creating connections after a while of failures (its circuit breaker), or was shut down.
extension ConnectionPoolError: StoreUnavailable {
    public var isUnavailable: Bool { true }
}

extension PSQLError: StoreUnavailable {
    /// Lost or refused connections, and the server's own "shutting down", "too many connections" and
    /// connection-exception states (SQLSTATE classes 08, 53, 57P).
    public var isUnavailable: Bool {
        switch code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown, .sslUnsupported:
            return true
        case .server:
            guard let state = serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P")
        default:
            return false
        }
    }
}

extension PostgresTransactionError: StoreUnavailable {
    public var isUnavailable: Bool {
        [beginError, closureError, commitError, rollbackError].contains { ($0 as? any StoreUnavailable)?.isUnavailable == true }
    }
}
