import Foundation

// Compiled into FlintSnippets by scripts/fuzz only: SwiftPM generates this accessor in normal builds,
// and the fuzz build compiles the module with swiftc directly.
extension Bundle {
    static let module: Bundle = {
        let folder = ProcessInfo.processInfo.environment["FLINT_SNIPPET_SOURCES"] ?? "Sources/FlintSnippets"
        guard let bundle = Bundle(path: folder) else { fatalError("FLINT_SNIPPET_SOURCES (\(folder)) is not a folder") }
        return bundle
    }()
}
