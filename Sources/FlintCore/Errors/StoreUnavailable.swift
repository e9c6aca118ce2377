/// An error of a store that means the database cannot be reached right now (it is down, restarting,
/// or refusing connections), as opposed to a request it refused. The edge answers it with
/// `503 unavailable` and `Retry-After`, so clients try again rather than give up.
public protocol StoreUnavailable: Error {
    var isUnavailable: Bool { get }
}

extension FlintError {
    /// `error` as the client should see it when it is a store's "cannot reach the database", else nil.
    public static func unavailable(from error: any Error) -> FlintError? {
        guard let error = error as? any StoreUnavailable, error.isUnavailable else { return nil }
        return .unavailable("The database cannot be reached right now; try again shortly")
    }
}
