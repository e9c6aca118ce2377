/// A field with the name it takes in one language.
struct SnippetParameter: Sendable {
    var field: SnippetField
    /// The name in the language's convention, unique among the parameters, unescaped.
    var name: String
    /// The name as written in code.
    var identifier: String
}
