import FlintCore
import FlintSnippets
import Testing

@Suite("Keyword-named attributes")
struct SnippetKeywordTests {
    typealias Fixtures = SnippetFixtures

    /// Parameter declarations that must appear escaped, per language (required ones first).
    static let escaped: [SnippetLanguage: [String]] = [
        .python: ["class_: str,", "in_: float,", "def_: str,", "if_: str | None = None,", "is_: str | None = None,",
                  "none: float | None = None,", "async_: float | None = None,"],
        .swift: ["`class`: String,", "`in`: Double,", "fun: Bool,", "`default`: Date,", "`if`: String? = nil,", "`static`: Double? = nil,",
                 "`var`: Bool? = nil,", "`let`: Date? = nil,", "`self`: String? = nil,", "`do`: Date? = nil,"],
        .kotlin: ["`class`: String,", "`in`: Double,", "`fun`: Boolean,", "def: String,", "`object`: String? = null,",
                  "`var`: Boolean? = null,", "`this`: Boolean? = null,", "`is`: String? = null,", "`when`: String? = null,"],
        .csharp: ["string @class,", "double @in,", "DateTimeOffset @default,", "string @if = null,", "double? @static = null,",
                  "bool? @var = null,", "string @object = null,", "string @string = null,", "bool? @this = null,", "DateTimeOffset? @do = null,"],
        .javascript: ["class: class_,", "in: in_,", "default: default_,", "if: if_,", "static: static_,", "var: var_,",
                      "let: let_,", "this: this_,", "typeof: typeof_,", "async: async_,"],
        .curl: ["--class) v_class=$2", "--in) v_in=$2", "--if) v_if=$2", "--then) v_then=$2", "--fi) v_fi=$2", "--do) v_do=$2"],
    ]

    /// Where the escaped name is used, with the JSON key left as the attribute's own name.
    static let uses: [SnippetLanguage: [String]] = [
        .python: ["\"class\": class_,", "\"in\": in_,", "\"def\": def_,", "\"default\": _rfc3339(default),", "_event[\"attributes\"][\"if\"] = if_"],
        .swift: ["attributes[\"class\"] = .string(`class`)", "if let `if` { attributes[\"if\"] = .string(`if`) }"],
        .kotlin: ["attributes[\"fun\"] = `fun`", "if (`object` != null) attributes[\"object\"] = `object`"],
        .csharp: ["attributes.Add(\"class\", @class);", "if (@static != null) attributes.Add(\"static\", @static.Value);"],
        .javascript: ["attributes[\"class\"] = class_;", "if (if_ != null) attributes[\"if\"] = if_;"],
        .curl: ["attributes+=',\"class\":'\"$(flint_json_string \"$v_class\")\"", "attributes+=',\"in\":'\"$v_in\""],
    ]

    @Test(arguments: SnippetLanguage.allCases)
    func keywordNamesAreEscapedAndJSONKeysStayOriginal(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.keywords, language)
        for declaration in Self.escaped[language]! {
            #expect(text.contains(declaration), "\(language) lacks \(declaration)")
        }
        for use in Self.uses[language]! {
            #expect(text.contains(use), "\(language) lacks \(use)")
        }
        for name in Fixtures.keywordNames {
            #expect(text.contains("\"\(name)\""), "\(language) lost the JSON key \(name)")
        }
    }

    @Test func callSitesUseTheEscapedNames() {
        #expect(Fixtures.snippet(Fixtures.keywords, .python).contains("class_=\"example\","))
        #expect(Fixtures.snippet(Fixtures.keywords, .kotlin).contains("`class` = \"example\","))
        #expect(Fixtures.snippet(Fixtures.keywords, .csharp).contains("@class: \"example\","))
        #expect(Fixtures.snippet(Fixtures.keywords, .javascript).contains("class: \"example\","))
        // Swift argument labels may be keywords, except `inout`, `var` and `let`.
        let swift = Fixtures.snippet(Fixtures.keywords, .swift)
        #expect(swift.contains("class: \"example\","))
        #expect(swift.contains("`var`: true,"))
    }

    @Test(arguments: SnippetLanguage.allCases)
    func attributesNamedLikeTheEnvelopeOrTheGeneratedCodeGetTheirOwnParameter(language: SnippetLanguage) {
        let trigger = TriggerDefinition(
            name: "clash", title: "Clash",
            attributes: ["auth_id", "message_id", "attributes", "event", "Location", "location"].map {
                AttributeDefinition(name: $0, type: .text, required: true)
            })
        let text = Fixtures.snippet(trigger, language)
        let expected: [String] = switch language {
        case .python: ["auth_id: str,", "auth_id_2: str,", "message_id_2: str,", "attributes: str,", "location: str,", "location_2: str,"]
        case .swift: ["authId: String,", "authId2: String,", "messageId2: String,", "attributes2: String,", "event2: String,", "location2: String,"]
        case .kotlin: ["authId: String,", "authId2: String,", "messageId2: String,", "attributes2: String,", "event2: String,", "location2: String,"]
        case .csharp: ["string authId,", "string authId2,", "string messageId2,", "string attributes2,", "string @event,", "string location2,"]
        case .javascript: ["authId,", "authId2,", "messageId2,", "attributes: attributes_,", "event,", "location2,"]
        case .curl: ["--auth-id-2) v_auth_id_2=$2", "--message-id-2) v_message_id_2=$2", "--attributes) v_attributes=$2", "--location-2) v_location_2=$2"]
        }
        for declaration in expected {
            #expect(text.contains(declaration), "\(language) lacks \(declaration)")
        }
        for name in ["auth_id", "message_id", "attributes", "event", "Location", "location"] {
            #expect(text.contains("\"\(name)\""))
        }
    }
}
