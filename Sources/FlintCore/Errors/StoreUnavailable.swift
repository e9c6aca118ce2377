/// An error of a store that means it cannot take the request right now (the database is down,
/// restarting, refusing connections, or out of disk), as opposed to a request it refused. The edge
/// answers it with `503 unavailable` and `Retry-After`, so clients try again rather than give up.
public protocol StoreUnavailable: Error {
    var isUnavailable: Bool { get }
    /// What the client is told.
    var unavailableMessage: String { get }
}

extension StoreUnavailable {
    public var unavailableMessage: String { "The database cannot be reached right now; try again shortly" }
}

extension FlintError {
    /// `error` as the client should see it when it is a store's "cannot take it right now", else nil.
    public static func unavailable(from error: any Error) -> FlintError? {
        guard let error = error as? any StoreUnavailable, error.isUnavailable else { return nil }
        return .unavailable(error.unavailableMessage)
    }
}
