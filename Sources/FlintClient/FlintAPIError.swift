/// The error body of the Flint API: `{"error": {"code", "message", "details": [{"field", "problem"}]}}`.
public struct FlintAPIError: Error, Sendable, Equatable, Codable {
    /// One problem with one field of the event.
    public struct Problem: Sendable, Equatable, Codable {
        /// The field, such as `attributes.amount`.
        public var field: String
        /// What is wrong with it, for a person.
        public var problem: String

        /// Makes a problem.
        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }
    }

    /// A stable snake_case word such as `validation_failed` or `unauthorized`.
    public var code: String
    /// A sentence for a person.
    public var message: String
    /// Each bad field; may be empty.
    public var details: [Problem]

    /// Makes an error.
    public init(code: String, message: String, details: [Problem] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    private enum CodingKeys: String, CodingKey { case code, message, details }

    /// Decodes an error; a missing message or detail list is read as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        details = try container.decodeIfPresent([Problem].self, forKey: .details) ?? []
    }
}
