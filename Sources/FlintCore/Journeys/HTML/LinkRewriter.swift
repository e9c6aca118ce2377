/// Rewrites the links of rendered email HTML for tracking: every `href` of an `<a>` or `<area>` whose
/// value is an absolute `http` or `https` URL becomes the URL `replace` gives for it (its position
/// among the tracked links, and the target as the browser would read it: character references
/// decoded). Everything else is copied byte for byte.
public enum LinkRewriter {
    /// The HTML with tracked links, and the targets in the order they were numbered.
    public static func rewrite(_ html: String, replace: (_ index: Int, _ target: String) -> String) -> (html: String, targets: [String]) {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var targets: [String] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<", let (tagEnd, isLink) = tagBounds(scalars, from: index) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            guard isLink else {
                output.append(contentsOf: scalars[index..<tagEnd])
                index = tagEnd
                continue
            }
            output.append(contentsOf: rewriteTag(Array(scalars[index..<tagEnd]), targets: &targets, replace: replace).unicodeScalars)
            index = tagEnd
        }
        return (String(output), targets)
    }

    /// Where the tag starting at `start` ends (past its `>`), and whether it is an `<a>` or `<area>`;
    /// nil when `<` starts no tag (text such as `a < b`), or for comments, which are copied as they are.
    static func tagBounds(_ scalars: [Unicode.Scalar], from start: Int) -> (Int, Bool)? {
        var cursor = start + 1
        guard cursor < scalars.count, scalars[cursor].properties.isAlphabetic || scalars[cursor] == "!" || scalars[cursor] == "/" else { return nil }
        var name = ""
        while cursor < scalars.count, scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
            name.unicodeScalars.append(scalars[cursor])
            cursor += 1
        }
        var quote: Unicode.Scalar?
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            cursor += 1
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                let lowered = name.lowercased()
                return (cursor, lowered == "a" || lowered == "area")
            }
        }
        return nil
    }

    /// The tag with its quoted `href` value replaced when it is a tracked URL.
    private static func rewriteTag(_ tag: [Unicode.Scalar], targets: inout [String], replace: (Int, String) -> String) -> String {
        var text = String(String.UnicodeScalarView(tag))
        guard let range = hrefValueRange(tag) else { return text }
        let raw = String(String.UnicodeScalarView(tag[range]))
        let target = decodeCharacterReferences(raw).trimmingCharacters()
        let lowered = target.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return text }
        let replacement = replace(targets.count, target)
        targets.append(target)
        text = String(String.UnicodeScalarView(tag[..<range.lowerBound])) + escapeAttribute(replacement)
            + String(String.UnicodeScalarView(tag[range.upperBound...]))
        return text
    }

    /// The range of a quoted `href` attribute's value inside `tag`.
    static func hrefValueRange(_ tag: [Unicode.Scalar]) -> Range<Int>? {
        var cursor = 1
        while cursor < tag.count, !tag[cursor].properties.isWhitespace, tag[cursor] != ">" { cursor += 1 }
        while cursor < tag.count {
            while cursor < tag.count, tag[cursor].properties.isWhitespace || tag[cursor] == "/" { cursor += 1 }
            let nameStart = cursor
            while cursor < tag.count, !tag[cursor].properties.isWhitespace, !"=>/".unicodeScalars.contains(tag[cursor]) { cursor += 1 }
            let name = String(String.UnicodeScalarView(tag[nameStart..<cursor])).lowercased()
            while cursor < tag.count, tag[cursor].properties.isWhitespace { cursor += 1 }
            guard cursor < tag.count, tag[cursor] == "=" else {
                if cursor >= tag.count || tag[cursor] == ">" { return nil }
                continue
            }
            cursor += 1
            while cursor < tag.count, tag[cursor].properties.isWhitespace { cursor += 1 }
            guard cursor < tag.count else { return nil }
            if tag[cursor] == "\"" || tag[cursor] == "'" {
                let quote = tag[cursor]
                let valueStart = cursor + 1
                var end = valueStart
                while end < tag.count, tag[end] != quote { end += 1 }
                if name == "href" { return valueStart..<end }
                cursor = end + 1
            } else {
                while cursor < tag.count, !tag[cursor].properties.isWhitespace, tag[cursor] != ">" { cursor += 1 }
            }
        }
        return nil
    }

    static func decodeCharacterReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingReferences()
    }

    /// `text` escaped for a quoted HTML attribute value (or element text): the one HTML escaping of values.
    public static func escapeAttribute(_ text: String) -> String {
        TemplateEscaping.escapeHTML(text)
    }
}

extension String {
    /// The common character references a rendered URL carries: `&amp;`, `&quot;`, `&#39;`, `&lt;`,
    /// `&gt;`, and numeric ones.
    fileprivate func replacingReferences() -> String {
        var result = ""
        var rest = Substring(self)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[ampersand...]
            guard let semicolon = after.firstIndex(of: ";"), after.distance(from: ampersand, to: semicolon) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
                continue
            }
            let name = after[after.index(after: ampersand)..<semicolon]
            let named: [Substring: String] = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">"]
            if let value = named[name] {
                result += value
            } else if name.hasPrefix("#"), let code = name.hasPrefix("#x") || name.hasPrefix("#X")
                ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                result += after[...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    fileprivate func trimmingCharacters() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
