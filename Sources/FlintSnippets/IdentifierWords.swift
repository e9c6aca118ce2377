/// Splits schema names (`wifi_signup`, `firstVisit`, `HTMLBody`) into lower-case words and joins
/// them in each language's naming convention.
enum IdentifierWords {
    /// The lower-case words of `name`: split at `_` and other non-alphanumerics, and at case changes.
    static func split(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isASCII, character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            if character.isUppercase, let previous = current.last {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// `firstVisit`
    static func camelCase(_ words: [String]) -> String {
        guard let first = words.first else { return "" }
        return first + words.dropFirst().map(capitalized).joined()
    }

    /// `FirstVisit`
    static func pascalCase(_ words: [String]) -> String {
        words.map(capitalized).joined()
    }

    /// `first_visit`
    static func snakeCase(_ words: [String]) -> String {
        words.joined(separator: "_")
    }

    /// `first-visit`
    static func kebabCase(_ words: [String]) -> String {
        words.joined(separator: "-")
    }

    static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}
