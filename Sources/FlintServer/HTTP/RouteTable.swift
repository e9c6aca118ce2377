import Hummingbird
import Synchronization

/// The routes the router holds, filled in once every route is added: an unknown method on a
/// known path answers `405` with `Allow` instead of `404`, and tests compare the routes with the
/// OpenAPI document.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, path: RouterPath)]>([])

    func install(_ routes: [(method: HTTPRequest.Method, path: RouterPath)]) {
        self.routes.withLock { $0 = routes }
    }

    /// The methods routed for `path`, sorted; empty when no route matches the path at all.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = routes.withLock { routes in
            routes.filter { Self.matches($0.path, segments) }.map(\.method)
        }
        return Set(matching).sorted { $0.rawValue < $1.rawValue }
    }

    private static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        var index = 0
        for element in route.components {
            if element == RouterPath.Element.recursiveWildcard { return true }
            guard index < segments.count, element ~= segments[index] else { return false }
            index += 1
        }
        return index == segments.count
    }
}
