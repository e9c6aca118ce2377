import FlintCore
import FlintSnippets

/// Triggers and helpers shared by the snippet tests.
enum SnippetFixtures {
    static let endpoint = "https://flint.example/"
    static let publishableKey = "flk_pub_AbCd1234efghijklmnopqrstuvwxyz0123456789"
    static let secretPrefix = "flk_sec_WxYz9876"

    static let generator: SnippetGenerator = {
        do { return try SnippetGenerator() } catch { fatalError("templates: \(error)") }
    }()

    /// One attribute of every type; `location` is required.
    static let wifiSignup = TriggerDefinition(
        name: "wifi_signup", title: "Wi-Fi sign-up", description: "A customer signed up to the guest Wi-Fi",
        customerType: .contact, eventName: "Wi-Fi Signed Up",
        attributes: [
            AttributeDefinition(name: "location", type: .text, required: true, description: "Where they signed up"),
            AttributeDefinition(name: "amount", type: .number),
            AttributeDefinition(name: "firstVisit", type: .boolean),
            AttributeDefinition(name: "signedUpAt", type: .datetime),
            AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
        ])

    /// Attribute names that are keywords somewhere: required ones of every type, then optional ones.
    static let keywordNames = [
        "class", "in", "fun", "default", "def", "if", "static", "var", "then", "object", "string", "None", "this",
        "let", "is", "when", "async", "fi", "do", "typeof", "self",
    ]

    static let keywords = TriggerDefinition(
        name: "keyword_test", title: "Keywords",
        attributes: keywordNames.enumerated().map { index, name in
            let types: [AttributeType] = [.text, .number, .boolean, .datetime, .entityReference]
            let type = types[index % types.count]
            return AttributeDefinition(name: name, type: type, required: index < 5, entity: type == .entityReference ? "order" : nil)
        })

    /// Text that tries every way out of a comment or a literal, plus non-ASCII that must be kept.
    static let hostileText =
        "Odd \"title\" */ /* --> <!-- </script> \"\"\" ''' \\ \\\" ${x} $(rm -rf) `x` {{FUNCTION_NAME}}\nsecond line\r\nthird\u{2028}fourth\u{202E} café 日本 🎉"

    static func trigger(title: String, description: String, attributeDescription: String) -> TriggerDefinition {
        TriggerDefinition(
            name: "odd_one", title: title, description: description,
            attributes: [
                AttributeDefinition(name: "note", type: .text, required: true, description: attributeDescription),
                AttributeDefinition(name: "amount", type: .number, description: attributeDescription),
            ])
    }

    static let profile = TriggerDefinition(
        name: "profile_update", title: "Profile update", customerType: .profile,
        attributes: [AttributeDefinition(name: "plan", type: .text, required: true)])

    static func snippet(
        _ trigger: TriggerDefinition, _ language: SnippetLanguage, key: SnippetKey = .publishable(publishableKey)
    ) -> String {
        generator.snippet(for: trigger, language: language, endpoint: endpoint, key: key)
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        var count = 0
        var rest = text[...]
        while let range = rest.firstRange(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
