/// A language Flint writes integration snippets in, as named by `?language=` on the snippet endpoint.
public enum SnippetLanguage: String, CaseIterable, Sendable {
    /// A web page that loads Flint's web SDK.
    case javascript
    /// A single-file C# program using HttpClient (.NET, .NET Framework 4.5+ or Mono).
    case csharp
    /// A Python 3 script using the standard library only.
    case python
    /// A single-file Swift program for iOS or Linux (Foundation only).
    case swift
    /// A single-file Kotlin program using JDK APIs only (Android or a desktop JVM).
    case kotlin
    /// A bash script around curl.
    case curl

    /// The extension a file holding the snippet should have.
    public var fileExtension: String {
        switch self {
        case .javascript: "html"
        case .csharp: "cs"
        case .python: "py"
        case .swift: "swift"
        case .kotlin: "kt"
        case .curl: "sh"
        }
    }

    /// The media type the snippet is served with.
    public var mediaType: String { "text/plain; charset=utf-8" }

    /// The name of the template in `Resources` this language's snippets come from.
    var templateName: String { "\(rawValue).\(fileExtension).template" }

    /// The naming, keyword and literal rules that turn a trigger into code in this language.
    var syntax: any SnippetSyntax {
        switch self {
        case .javascript: JavaScriptSyntax()
        case .csharp: CSharpSyntax()
        case .python: PythonSyntax()
        case .swift: SwiftSyntax()
        case .kotlin: KotlinSyntax()
        case .curl: CurlSyntax()
        }
    }
}
