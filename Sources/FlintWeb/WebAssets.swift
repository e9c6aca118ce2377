import Foundation

/// The UI's static files (`/assets/flint.css`, `/assets/flint.js`, `/assets/builder.js`), read once from the bundle.
public struct WebAssets: Sendable {
    public struct Asset: Sendable {
        public var contentType: String
        public var bytes: [UInt8]
    }

    private let assets: [String: Asset]

    public init() throws {
        var assets: [String: Asset] = [:]
        for (name, type) in [("flint.css", "text/css; charset=utf-8"), ("flint.js", "text/javascript; charset=utf-8"), ("builder.js", "text/javascript; charset=utf-8")] {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: "Assets/" + parts[0], withExtension: String(parts[1])) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Assets/\(name)"])
            }
            assets[name] = Asset(contentType: type, bytes: Array(try Data(contentsOf: url)))
        }
        self.assets = assets
    }

    public func asset(named name: String) -> Asset? {
        assets[name]
    }
}
