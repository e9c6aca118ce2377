/// Where trace pruning stopped, as the stores keep it in their settings: the last finished run it
/// handled, in `(updated_at, id)` order.
public struct TraceMark: Equatable, Sendable {
    public var updatedAt: Int64
    public var id: String

    public init(updatedAt: Int64, id: String) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// Before every run.
    public static let start = TraceMark(updatedAt: Int64.min, id: "")

    /// `"<updated_at> <id>"`.
    public init?(_ text: String) {
        guard let space = text.firstIndex(of: " "), let updatedAt = Int64(text[..<space]) else { return nil }
        self.init(updatedAt: updatedAt, id: String(text[text.index(after: space)...]))
    }

    public var text: String { "\(updatedAt) \(id)" }
}
