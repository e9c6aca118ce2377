/// Follows email HTML the way a browser's tokenizer does, far enough to tell where each template
/// placeholder lands: in text, in a quoted attribute value (and whether it starts a URL), or
/// somewhere an escaped value could still do harm (inside a tag, an unquoted attribute, a script).
/// Placeholders render escaped, so they never change the state; only the template's own text does.
struct HTMLContextScanner {
    private enum State: Equatable {
        case data, tagOpen, bang(dashes: Int), markupDeclaration, comment(dashes: Int), tagName, endTag
        case beforeAttributeName, attributeName, afterAttributeName, beforeAttributeValue
        case quotedValue(quote: Unicode.Scalar), unquotedValue, rawText
    }

    /// Elements whose content is not HTML: a value inside them is script, style or raw text.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "template"]
    /// Attributes holding a URL, where the scheme decides what following the URL does.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "background", "cite", "poster", "longdesc", "usemap", "lowsrc", "dynsrc",
        "codebase", "data", "manifest", "ping", "profile", "icon", "xlink:href", "srcset", "archive", "classid",
    ]

    private var state = State.data
    private var tagName = ""
    private var isEndTag = false
    private var attributeName = ""
    /// The template's own text in the current attribute value, before the placeholder.
    private var valueSoFar = ""
    /// Recent text inside a raw-text element, to find its end tag.
    private var rawTail = ""

    /// Moves over the template's literal `text`.
    mutating func consume(_ text: String) {
        for scalar in text.unicodeScalars { step(scalar) }
    }

    /// Where a placeholder at this point lands. Also marks the current attribute value as begun.
    mutating func placeholder() -> HTMLPlaceholderContext {
        let context = currentContext()
        if case .quotedValue = state { valueSoFar.append("\u{FFFC}") }
        return context
    }

    private func currentContext() -> HTMLPlaceholderContext {
        switch state {
        case .data:
            return .text
        case .quotedValue:
            if attributeName.hasPrefix("on") {
                return .refused("is inside the event-handler attribute \(attributeName), where it would be script")
            }
            if attributeName == "style" { return .refused("is inside a style attribute, where it would be CSS") }
            guard Self.urlAttributes.contains(attributeName) else { return .attributeValue }
            let literal = valueSoFar.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if literal.isEmpty { return .urlStart(attribute: attributeName) }
            if literal.unicodeScalars.allSatisfy(URLSchemeCheck.isSchemeScalar) {
                return .refused("follows \"\(literal.prefix(40))\" in \(attributeName), so it could complete a URL scheme; start the value with it or after the scheme")
            }
            return .attributeValue
        case .beforeAttributeValue, .unquotedValue:
            return .refused("is in an unquoted value of \(attributeName); quote it: \(attributeName)=\"{{…}}\"")
        case .tagOpen, .tagName, .endTag, .beforeAttributeName, .attributeName, .afterAttributeName:
            return .refused("is inside a tag, where it could add attributes; put it in text or in a quoted attribute value")
        case .bang, .markupDeclaration, .comment:
            return .refused("is inside an HTML comment or declaration, which some mail programs read as markup")
        case .rawText:
            return .refused("is inside <\(tagName)>, whose content is not HTML text")
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    private mutating func endOfTag() {
        if !isEndTag, Self.rawTextElements.contains(tagName) {
            state = .rawText
            rawTail = ""
        } else {
            state = .data
        }
    }

    private mutating func startAttribute(_ scalar: Unicode.Scalar) {
        attributeName = String(scalar).lowercased()
        state = .attributeName
    }

    private mutating func step(_ scalar: Unicode.Scalar) {
        switch state {
        case .data:
            if scalar == "<" { state = .tagOpen }
        case .tagOpen:
            if URLSchemeCheck.isLetterScalar(scalar) {
                tagName = String(scalar).lowercased()
                isEndTag = false
                state = .tagName
            } else if scalar == "/" {
                tagName = ""
                isEndTag = true
                state = .tagName
            } else if scalar == "!" {
                state = .bang(dashes: 0)
            } else if scalar == "?" {
                state = .markupDeclaration
            } else {
                state = .data
            }
        case .bang(let dashes):
            if scalar == "-" {
                state = dashes == 1 ? .comment(dashes: 0) : .bang(dashes: 1)
            } else {
                state = scalar == ">" ? .data : .markupDeclaration
            }
        case .markupDeclaration:
            if scalar == ">" { state = .data }
        case .comment(let dashes):
            if scalar == ">" && dashes >= 2 { state = .data } else { state = .comment(dashes: scalar == "-" ? dashes + 1 : 0) }
        case .tagName:
            if Self.isSpace(scalar) || scalar == "/" {
                state = isEndTag ? .endTag : .beforeAttributeName
            } else if scalar == ">" {
                endOfTag()
            } else {
                tagName.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        case .endTag:
            if scalar == ">" { state = .data }
        case .beforeAttributeName:
            if scalar == ">" { endOfTag() } else if !Self.isSpace(scalar) && scalar != "/" { startAttribute(scalar) }
        case .attributeName, .afterAttributeName:
            if scalar == "=" {
                state = .beforeAttributeValue
            } else if scalar == ">" {
                endOfTag()
            } else if scalar == "/" {
                state = .beforeAttributeName
            } else if Self.isSpace(scalar) {
                state = .afterAttributeName
            } else if state == .afterAttributeName {
                startAttribute(scalar)
            } else {
                attributeName.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        case .beforeAttributeValue:
            valueSoFar = ""
            if scalar == "\"" || scalar == "'" {
                state = .quotedValue(quote: scalar)
            } else if scalar == ">" {
                endOfTag()
            } else if !Self.isSpace(scalar) {
                state = .unquotedValue
            }
        case .quotedValue(let quote):
            if scalar == quote { state = .beforeAttributeName } else { valueSoFar.unicodeScalars.append(scalar) }
        case .unquotedValue:
            if Self.isSpace(scalar) { state = .beforeAttributeName } else if scalar == ">" { endOfTag() }
        case .rawText:
            rawTail.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            if rawTail.count > tagName.count + 2 { rawTail.removeFirst(rawTail.count - tagName.count - 2) }
            if rawTail == "</" + tagName {
                isEndTag = true
                state = .endTag
            }
        }
    }
}
