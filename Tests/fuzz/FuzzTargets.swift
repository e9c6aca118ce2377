import FlintCore
import FlintSnippets
import Foundation

// libFuzzer calls this with each input; FLINT_FUZZ_TARGET picks what the input is fed to (one binary,
// one instrumented build, four targets). A target traps (fatalError) when a property it checks fails;
// crashes, hangs and sanitizer reports are found by libFuzzer itself.

private let target = ProcessInfo.processInfo.environment["FLINT_FUZZ_TARGET"] ?? "json"
private let generator: SnippetGenerator = {
    do { return try SnippetGenerator() } catch { fatalError("snippet templates: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    switch target {
    case "json": FuzzJSON.run(bytes)
    case "validator": FuzzValidator.run(bytes)
    case "template": FuzzTemplate.run(bytes)
    case "snippet": FuzzSnippet.run(bytes, generator: generator)
    default: fatalError("FLINT_FUZZ_TARGET must be json, validator, template or snippet, not \(target)")
    }
    return 0
}

/// The parser never crashes, and what it accepts survives serializing and parsing again unchanged.
enum FuzzJSON {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let text = value.serialized()
        guard let again = try? JSONParser.parse(text) else { fatalError("serialized JSON does not parse: \(text)") }
        if again != value { fatalError("JSON changed on a round trip: \(text)") }
    }
}

/// The validator never crashes on any JSON, and an event it accepts is accepted again, unchanged, when
/// its normalized form is validated once more.
enum FuzzValidator {
    static let trigger = TriggerDefinition(
        name: "wifi_signup", title: "Wi-Fi sign-up", customerType: .profile,
        attributes: [
            AttributeDefinition(name: "location", type: .text, required: true),
            AttributeDefinition(name: "amount", type: .number),
            AttributeDefinition(name: "firstVisit", type: .boolean),
            AttributeDefinition(name: "signedUpAt", type: .datetime),
            AttributeDefinition(name: "order", type: .entityReference, entity: "order"),
        ])

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard case .object(let event)? = try? JSONParser.parse(bytes) else { return }
        let verdict = EventValidator().validate(event, against: trigger, receivedAt: 1_764_151_200_000) { "generated" }
        guard case .accepted(let accepted) = verdict else { return }
        guard case .object(let attributes)? = try? JSONParser.parse(accepted.attributesJSON) else {
            fatalError("accepted attributes are not a JSON object: \(accepted.attributesJSON)")
        }
        var normalized: JSONObject = ["authId": .string(accepted.authId), "messageId": .string(accepted.messageId), "attributes": .object(attributes)]
        if let email = accepted.contactpointEmail { normalized["contactpoint_email"] = .string(email) }
        if let phone = accepted.contactpointPhone { normalized["contactpoint_phone"] = .string(phone) }
        if let binding = accepted.bindingId { normalized["bindingId"] = .string(binding) }
        normalized["timestamp"] = .string(RFC3339.format(milliseconds: accepted.timestamp))
        let again = EventValidator().validate(normalized, against: trigger, receivedAt: 0) { "other" }
        guard case .accepted(let second) = again else { fatalError("an accepted event is refused once normalized: \(JSONValue.object(normalized).serialized())") }
        if second.attributesJSON != accepted.attributesJSON { fatalError("normalizing changed attributes: \(accepted.attributesJSON)") }
    }
}

/// Templates: parsing never crashes, and a hostile value never comes out unescaped: not in email HTML,
/// not out of a JSON string.
enum FuzzTemplate {
    static let marker = "<b x='1\"2'>&"

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let source = String(decoding: bytes, as: UTF8.self)
        guard let template = try? Template.parse(source) else { return }
        let value: (String) -> JSONValue? = { _ in .string(marker) }
        let items: (String) -> [JSONObject] = { _ in [["name": .string(marker)], ["name": .number(2)]] }
        if template.htmlProblems().isEmpty {
            let html = template.renderHTML(value: value, items: items).html
            if contains(html, marker) && !contains(source, marker) { fatalError("a value came out unescaped in HTML: \(source)") }
        }
        let json = template.render(escaping: .jsonString, value: value, items: items)
        let wrapped = "\"" + json + "\""
        // Byte by byte: a quote followed by a combining mark is one Character, which `contains` would miss.
        if !source.utf8.contains(UInt8(ascii: "\"")) && !source.utf8.contains(UInt8(ascii: "\\")) && !source.utf8.contains(where: { $0 < 0x20 }) {
            guard case .string? = try? JSONParser.parse(wrapped) else { fatalError("a value broke out of its JSON string: \(source)") }
        }
        _ = template.render(escaping: .plain, value: value, items: items)
    }
}

/// Whether `needle`'s bytes occur in `haystack`'s (String's own `contains` compares Characters).
private func contains(_ haystack: String, _ needle: String) -> Bool {
    let bytes = Array(haystack.utf8)
    let target = Array(needle.utf8)
    guard !target.isEmpty, bytes.count >= target.count else { return target.isEmpty }
    return (0...(bytes.count - target.count)).contains { bytes[$0..<($0 + target.count)].elementsEqual(target) }
}

/// Any trigger the API would accept gets a snippet in every language, which names its trigger.
enum FuzzSnippet {
    static func run(_ bytes: UnsafeRawBufferPointer, generator: SnippetGenerator) {
        guard let body = try? JSONParser.parse(bytes), let trigger = try? TriggerDefinition.parse(body) else { return }
        for language in SnippetLanguage.allCases {
            for key in [SnippetKey.publishable("flk_pub_AAAAAAAA0123456789abcdefghijklmnopqrstuv"), .secret(prefix: "flk_sec_BBBBBBBB")] {
                let snippet = generator.snippet(for: trigger, language: language, endpoint: "https://flint.example", key: key)
                if snippet.isEmpty || !snippet.contains("flint.example") { fatalError("no endpoint in the \(language) snippet of \(trigger.name)") }
            }
        }
    }
}
