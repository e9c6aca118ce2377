/// Whether the store can take writes right now, for `/health/ready`.
public protocol StorageHealth: Sendable {
    /// Throws when a write transaction cannot be started.
    func checkWritable() async throws
}
