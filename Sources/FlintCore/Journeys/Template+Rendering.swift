extension Template {
    /// The template's text with every placeholder replaced by its value, escaped for where the text goes.
    ///
    /// A missing or null value, or an empty string, renders the fallback (or nothing). Escaping applies to
    /// inserted values and fallbacks, never to the template's own literal text, which the marketer wrote.
    ///
    /// `items` gives the records an `{{#each}}` block repeats over (none by default).
    public func render(
        escaping: TemplateEscaping, value: (String) -> JSONValue?, items: (String) -> [JSONObject] = { _ in [] }
    ) -> String {
        var output = ""
        for piece in pieces(value: value, items: items) {
            switch piece {
            case .text(let text):
                output += text
            case .value(_, let text, let fallback, _):
                if let text, !text.isEmpty {
                    output += escaping.escape(text)
                } else if let fallback {
                    output += escaping.escape(fallback)
                }
            }
        }
        return output
    }

    /// Renders with the values of a journey run.
    public func render(escaping: TemplateEscaping, data: JourneyData) -> String {
        render(escaping: escaping, value: { data.value(at: $0) }, items: { data.items(at: $0) })
    }

    /// The text of the template with blocks repeated: literal text, and each placeholder's value (as text)
    /// with its fallback and its position among the template's placeholders (which decides its HTML context).
    enum Piece {
        case text(String)
        case value(path: String, text: String?, fallback: String?, ordinal: Int)
    }

    func pieces(value: (String) -> JSONValue?, items: (String) -> [JSONObject]) -> [Piece] {
        var pieces: [Piece] = []
        var ordinal = 0
        var index = 0
        while index < parts.count {
            switch parts[index] {
            case .text(let text):
                pieces.append(.text(text))
            case .placeholder(let path, let fallback):
                pieces.append(.value(path: path, text: Template.text(of: value(path)), fallback: fallback, ordinal: ordinal))
                ordinal += 1
            case .eachStart(let list):
                let end = parts[index...].firstIndex(of: .eachEnd) ?? parts.endIndex
                let body = parts[(index + 1)..<end]
                for item in items(list).prefix(Template.maximumRepetitions) {
                    var position = ordinal
                    for part in body {
                        switch part {
                        case .text(let text):
                            pieces.append(.text(text))
                        case .placeholder(let path, let fallback):
                            let read = Template.isItemPath(path) ? item.value(atItemPath: path) : value(path)
                            pieces.append(.value(path: path, text: Template.text(of: read), fallback: fallback, ordinal: position))
                            position += 1
                        case .eachStart, .eachEnd:
                            break
                        }
                    }
                }
                ordinal += body.filter { if case .placeholder = $0 { true } else { false } }.count
                index = end
            case .eachEnd:
                break
            }
            index += 1
        }
        return pieces
    }

    /// How a value reads in text: strings as they are, numbers as in JSON (`3`, `12.5`), booleans as
    /// `true`/`false`, arrays and objects as compact JSON; nil for a missing or null value.
    public static func text(of value: JSONValue?) -> String? {
        switch value {
        case .none, .some(.null): nil
        case .some(.string(let text)): text
        case .some(.bool(let flag)): flag ? "true" : "false"
        case .some(.number(let number)): numberText(number)
        case .some(let other): other.serialized()
        }
    }

    /// A number as JSON writes it: integers without a fraction.
    static func numberText(_ number: Double) -> String {
        var bytes: [UInt8] = []
        JSONValue.writeNumber(number, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension TemplateEscaping {
    /// `text` escaped for this destination.
    public func escape(_ text: String) -> String {
        switch self {
        case .plain: text
        case .jsonString: Self.escapeJSONString(text)
        case .headerLine: Self.oneLine(text)
        }
    }

    /// `text` with every control character (C0, DEL, C1) and U+2028/U+2029 replaced by a space.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isLineBreaking) else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { output.append(isLineBreaking(scalar) ? " " : scalar) }
        return String(output)
    }

    private static func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `&`, `<`, `>`, `"` and `'` as entities, scalar by scalar so a combining mark cannot hide one.
    static func escapeHTML(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            case "'": output.append(contentsOf: "&#39;".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// The inside of a JSON string literal: `\"`, `\\`, and `\uXXXX` for control characters, `<`, `>`,
    /// `&`, U+2028 and U+2029, so the result is also inert inside an HTML `<script>` block.
    static func escapeJSONString(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output.append(contentsOf: "\\\"".unicodeScalars)
            case 0x5C: output.append(contentsOf: "\\\\".unicodeScalars)
            case 0x00..<0x20, 0x7F, 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                output.append(contentsOf: "\\u".unicodeScalars)
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.append(Self.hexDigits[Int((scalar.value >> UInt32(shift)) & 0xF)])
                }
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    private static let hexDigits: [Unicode.Scalar] = Array("0123456789abcdef".unicodeScalars)
}

extension JSONObject {
    /// The value at `item.<field>` (or the whole record for `item`) of a listed record.
    func value(atItemPath path: String) -> JSONValue? {
        path == "item" ? .object(self) : self[String(path.dropFirst("item.".count))]
    }
}
