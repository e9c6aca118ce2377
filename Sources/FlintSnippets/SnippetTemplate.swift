/// A snippet template: program text with `{{NAME}}` placeholders.
///
/// A placeholder alone on its line takes a block of lines, each indented like the placeholder, and
/// removes the line when the block is empty; any other placeholder is replaced inline. Values are
/// inserted in a single pass, so a value that itself contains `{{NAME}}` is never expanded again.
struct SnippetTemplate: Sendable {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func filled(with values: [String: String]) -> String {
        var output: [String] = []
        output.reserveCapacity(lines.count)
        for line in lines {
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            let rest = line.dropFirst(indentation.count)
            if let name = Self.placeholderName(rest), name.count + 4 == rest.count, let block = values[name] {
                if block.isEmpty { continue }
                for blockLine in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    output.append(blockLine.isEmpty ? "" : String(indentation + blockLine))
                }
            } else {
                output.append(Self.replacingInline(line, values: values, indentation: String(indentation)))
            }
        }
        return output.joined(separator: "\n")
    }

    /// The name of the placeholder `text` starts with, if it starts with one.
    static func placeholderName(_ text: Substring) -> String? {
        guard text.hasPrefix("{{") else { return nil }
        let name = text.dropFirst(2).prefix { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        guard !name.isEmpty, text.dropFirst(2 + name.count).hasPrefix("}}") else { return nil }
        return String(name)
    }

    /// `line` with its placeholders replaced; lines after the first of a multi-line value are
    /// indented like `line`.
    static func replacingInline(_ line: Substring, values: [String: String], indentation: String) -> String {
        var result = ""
        var rest = line
        while let start = rest.firstRange(of: "{{") {
            result += rest[..<start.lowerBound]
            let candidate = rest[start.lowerBound...]
            if let name = placeholderName(candidate), let value = values[name] {
                result += value.replacingAll("\n", with: "\n" + indentation)
                rest = candidate.dropFirst(name.count + 4)
            } else {
                result += "{{"
                rest = candidate.dropFirst(2)
            }
        }
        return result + rest
    }
}
