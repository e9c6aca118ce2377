/// One thing wrong with a request, named by the field it concerns (`attributes.amount`).
public struct Problem: Sendable, Equatable, Codable {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}
