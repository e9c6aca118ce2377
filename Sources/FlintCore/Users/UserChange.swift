/// What a store did with a change to a user's role or account.
public enum UserChange: Sendable, Equatable {
    case done
    case noSuchUser
    /// Refused: it would leave Flint without an admin.
    case lastAdmin
}
