import FlintCore
import FlintSnippets
import Testing

@Suite("Snippet generation")
struct SnippetGenerationTests {
    typealias Fixtures = SnippetFixtures

    @Test func languagesNameTheirFiles() {
        #expect(SnippetLanguage.allCases.map(\.fileExtension) == ["html", "cs", "py", "swift", "kt", "sh"])
        for language in SnippetLanguage.allCases {
            #expect(language.mediaType.hasPrefix("text/plain"))
        }
    }

    @Test(arguments: SnippetLanguage.allCases)
    func fillsEveryPlaceholderAndNamesTheEndpointAndTrigger(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language)
        #expect(!text.contains("{{"), "unfilled placeholder in \(language)")
        #expect(text.contains("wifi_signup"))
        #expect(text.contains("Wi-Fi sign-up"))
        #expect(text.contains("A customer signed up to the guest Wi-Fi"))
        let target = language == .javascript ? "https://flint.example\"" : "https://flint.example/v1/events"
        #expect(text.contains(target), "endpoint missing or not normalised in \(language)")
        #expect(!text.contains("flint.example//"))
        // The web SDK sends the authId given to flint.identify; the others name it in the event.
        for key in ["location", "amount", "firstVisit", "signedUpAt", "order"] + (language == .javascript ? [] : ["authId"]) {
            #expect(text.contains("\"\(key)\""), "JSON key \(key) missing in \(language)")
        }
    }

    static let functionNames: [SnippetLanguage: String] = [
        .javascript: "function sendWifiSignup(", .csharp: "public static async Task<FlintAnswer> SendWifiSignupAsync(",
        .python: "def send_wifi_signup(", .swift: "func sendWifiSignup(", .kotlin: "fun sendWifiSignup(",
        .curl: "send_wifi_signup() {",
    ]

    /// Declarations of the required `location`, then of optional attributes of every other type.
    static let declarations: [SnippetLanguage: [String]] = [
        .python: [
            "auth_id: str,", "location: str,", "amount: float | None = None,", "first_visit: bool | None = None,",
            "signed_up_at: datetime | str | None = None,", "order: str | None = None,",
        ],
        .swift: [
            "authId: String,", "location: String,", "amount: Double? = nil,", "firstVisit: Bool? = nil,",
            "signedUpAt: Date? = nil,", "order: String? = nil,",
        ],
        .kotlin: [
            "authId: String,", "location: String,", "amount: Double? = null,", "firstVisit: Boolean? = null,",
            "signedUpAt: Instant? = null,", "order: String? = null,",
        ],
        .csharp: [
            "string authId,", "string location,", "double? amount = null,", "bool? firstVisit = null,",
            "DateTimeOffset? signedUpAt = null,", "string order = null,",
        ],
        .javascript: [
            "@param {string} event.authId", "@param {string} event.location", "@param {number} [event.amount]",
            "@param {boolean} [event.firstVisit]", "@param {Date|string} [event.signedUpAt]", "@param {string} [event.order]",
        ],
        .curl: [
            "send_wifi_signup AUTH_ID --location TEXT [--amount NUMBER] [--first-visit true|false] [--signed-up-at TIME] [--order ID]",
        ],
    ]

    @Test(arguments: SnippetLanguage.allCases)
    func typedFunctionTakesRequiredAttributesAsNonOptional(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language)
        #expect(text.contains(Self.functionNames[language]!))
        for declaration in Self.declarations[language]! {
            #expect(text.contains(declaration), "\(language) lacks \(declaration)")
        }
    }

    @Test func requiredAttributesAreCheckedWhereTheLanguageCannot() {
        #expect(Fixtures.snippet(Fixtures.wifiSignup, .javascript).contains("if (location == null) throw new TypeError("))
        #expect(Fixtures.snippet(Fixtures.wifiSignup, .curl).contains("send_wifi_signup: --location is required"))
        #expect(Fixtures.snippet(Fixtures.wifiSignup, .csharp).contains("if (location == null) throw new ArgumentNullException(\"location\");"))
    }

    /// `HttpWebRequest` is obsolete since .NET 6 (SYSLIB0014): one shared HttpClient, async all the way.
    @Test func csharpSendsWithASharedHttpClientAsynchronously() {
        let text = Fixtures.snippet(Fixtures.wifiSignup, .csharp)
        #expect(!text.contains("WebRequest") && !text.contains("WebException") && !text.contains("Thread.Sleep"))
        #expect(text.contains("static readonly HttpClient Http = new HttpClient"))
        #expect(text.contains("await Http.SendAsync(request, cancellationToken)"))
        #expect(text.contains("CancellationToken cancellationToken = default(CancellationToken))"))
        #expect(text.contains("await Task.Delay(wait + TimeSpan.FromMilliseconds(jitter), cancellationToken)"))
        #expect(text.contains("return RunAsync().GetAwaiter().GetResult();"), "mcs has no async Main")
    }

    @Test(arguments: SnippetLanguage.allCases)
    func exampleSendsAValueOfTheRightTypeForEveryAttribute(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language)
        let expected: [String] = switch language {
        case .python:
            ["auth_id=\"example-customer\"", "location=\"example\"", "amount=12.5", "first_visit=True",
             "signed_up_at=datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)", "order=\"order-123\""]
        case .swift:
            ["authId: \"example-customer\"", "location: \"example\"", "amount: 12.5", "firstVisit: true",
             "signedUpAt: Date(timeIntervalSince1970: 1_795_687_200)", "order: \"order-123\""]
        case .kotlin:
            ["authId = \"example-customer\"", "location = \"example\"", "amount = 12.5", "firstVisit = true",
             "signedUpAt = Instant.parse(\"2026-11-26T10:00:00Z\")", "order = \"order-123\""]
        case .csharp:
            ["authId: \"example-customer\"", "location: \"example\"", "amount: 12.5", "firstVisit: true",
             "signedUpAt: new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)", "order: \"order-123\""]
        case .javascript:
            ["authId: \"example-customer\"", "location: \"example\"", "amount: 12.5", "firstVisit: true",
             "signedUpAt: new Date(\"2026-11-26T10:00:00Z\")", "order: \"order-123\""]
        case .curl:
            ["send_wifi_signup 'example-customer'", "--location 'example'", "--amount '12.5'", "--first-visit 'true'",
             "--signed-up-at '2026-11-26T10:00:00Z'", "--order 'order-123'"]
        }
        for argument in expected {
            #expect(text.contains(argument), "\(language) example lacks \(argument)")
        }
    }

    @Test(arguments: SnippetLanguage.allCases)
    func everySnippetSetsAMessageIdAndRetriesOnlyWhatIsSafe(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.wifiSignup, language)
        #expect(text.contains("messageId"))
        guard language != .javascript else {
            // The web SDK owns messageIds and retries; the page says so.
            #expect(text.contains("retries 429, 5xx and network errors"))
            return
        }
        #expect(text.contains("429"))
        #expect(text.contains("Retry-After"))
        let finalCheck = switch language {
        case .curl: "$status != 429 && $status != 5*"
        case .python: "status != 429 and status < 500"
        default: "status != 429 && status < 500"
        }
        #expect(text.contains(finalCheck), "\(language) must treat 4xx other than 429 as final")
    }

    @Test(arguments: SnippetLanguage.allCases)
    func profileTriggersTakeContactPoints(language: SnippetLanguage) {
        let text = Fixtures.snippet(Fixtures.profile, language)
        #expect(text.contains("\"contactpoint_email\""))
        #expect(text.contains("\"contactpoint_phone\""))
        #expect(text.contains("ann@example.com"))
        let parameter = switch language {
        case .python, .curl: "contactpoint_email"
        default: "contactpointEmail"
        }
        #expect(text.contains(parameter))
        #expect(!Fixtures.snippet(Fixtures.wifiSignup, language).contains("contactpoint"))
    }

    @Test(arguments: SnippetLanguage.allCases)
    func aTriggerWithoutAttributesStillMakesASnippet(language: SnippetLanguage) {
        let text = Fixtures.snippet(TriggerDefinition(name: "ping", title: "Ping"), language)
        #expect(!text.contains("{{"))
        #expect(text.contains("\"ping\"") || text.contains("'{\"trigger\":\"ping\""))
    }
}
