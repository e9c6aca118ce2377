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

    // MARK: Injection

    /// Every way out of a comment, a literal or a line the snippet languages know, one per line.
    static let injectionText = [
        "# -*- coding: unicode_escape -*-", "\"\"\";import os;os.system(\"touch /tmp/pwned\");\"\"\"",
        "# coding: utf-7", "+ACIAIgAi- coding=latin-1",
        "*/ #error injected /* /** nested /* twice", "#line 1 \"injected.cs\"", "#define INJECTED",
        "#pragma warning disable", "#error injected", "#sourceLocation(file: \"injected\", line: 1)",
        "#error(\"injected\")", "\u{2028}#error injected\u{2029}#error injected", "\u{85}#error injected",
        "\r#error injected", "\u{0B}#error\u{0C}#error", "\u{0}\u{1B}[31m\u{7F}\u{9B}",
        "\u{202E}desrever\u{202C} \u{2066}isolated\u{2069} \u{200F}\u{061C}\u{FEFF}\u{200B}\u{2060}\u{E0041}",
        "</script><script>window.flintPwned = 1</script> <!-- <script> --> </SCRIPT", "--> x",
        "$(touch /tmp/pwned) `touch /tmp/pwned` ${x} '$(id)' \"$(id)\" \\", "EOF", "END_OF_SNIPPET",
        "${System.exit(3)} $x {System.Environment.Exit(3)} \\N{BULLET} \\x41 \\u0041 \\u{41}",
        "\"\"\" ''' \" ' \\\"", "{{FUNCTION_NAME}}", "café 日本 🎉",
    ].joined(separator: "\n")

    /// A trigger with `text` in every free-text field.
    static func injectionTrigger(_ text: String) -> TriggerDefinition {
        TriggerDefinition(
            name: "odd_one", title: text, description: text, customerType: .profile, eventName: text,
            attributes: [
                AttributeDefinition(name: "note", type: .text, required: true, description: text),
                AttributeDefinition(name: "amount", type: .number, description: text),
                AttributeDefinition(name: "seen", type: .boolean, description: text),
                AttributeDefinition(name: "at", type: .datetime, description: text),
                AttributeDefinition(name: "order", type: .entityReference, entity: "order", description: text),
            ])
    }

    /// The line's indentation and comment marker (`//`, `#`, `*`, `"""`), or its indentation alone.
    static func marker(_ line: Substring, _ language: SnippetLanguage) -> Substring {
        let indentation = line.prefix { $0 == " " }
        let rest = line.dropFirst(indentation.count)
        for marker in ["///", "//", "/**", "/*", "#", "*", "\"\"\""] where rest.hasPrefix(marker) {
            return line.prefix(indentation.count + marker.count)
        }
        return indentation
    }

    /// The indices of comment lines: line comments, block-comment lines, and a page's markup.
    static func commentLines(_ lines: [Substring], _ language: SnippetLanguage) -> Set<Int> {
        var result: Set<Int> = []
        var inScript = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            let comment = switch language {
            case .python, .curl: trimmed.hasPrefix("#")
            case .swift, .csharp: trimmed.hasPrefix("//")
            case .kotlin: trimmed.hasPrefix("//") || trimmed.hasPrefix("*") || trimmed.hasPrefix("/*")
            case .javascript: !inScript || trimmed.hasPrefix("//") || trimmed.hasPrefix("*") || trimmed.hasPrefix("/*")
            }
            if language == .javascript, line == "<script>" { inScript = true }
            if language == .javascript, line == "</script>" { inScript = false }
            if comment || (language == .javascript && line == "</script>") { result.insert(index) }
        }
        return result
    }

    /// Comment lines, and Python's docstring lines (string literals, but documentation).
    static func documentationLines(_ lines: [Substring], _ language: SnippetLanguage) -> Set<Int> {
        var result = commentLines(lines, language)
        guard language == .python else { return result }
        var inDocstring = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if inDocstring {
                result.insert(index)
                if trimmed == "\"\"\"" { inDocstring = false }
            } else if trimmed.hasPrefix("\"\"\"") {
                result.insert(index)
                inDocstring = !trimmed.dropFirst(3).contains("\"\"\"")
            }
        }
        return result
    }
}
