import Hummingbird
import Synchronization

/// The routes the router holds, filled in once every route is added: an unknown method on a
/// known path answers `405` with `Allow` instead of `404`, and tests compare the routes with the
/// OpenAPI document.
///
/// Asked on every request no route took (a scanner's or a flood's), so the routes are kept by their
/// number of path segments: a path is compared only with routes of its own length, and with those
/// ending in a recursive wildcard.
final class RouteTable: Sendable {
    typealias Route = (method: HTTPRequest.Method, path: RouterPath)

    private struct Index {
        var byLength: [Int: [Route]] = [:]
        var wildcarded: [Route] = []
    }

    private let index = Mutex(Index())

    func install(_ routes: [Route]) {
        var index = Index()
        for route in routes {
            if route.path.components.contains(where: { $0 == RouterPath.Element.recursiveWildcard }) {
                index.wildcarded.append(route)
            } else {
                index.byLength[route.path.components.count, default: []].append(route)
            }
        }
        self.index.withLock { $0 = index }
    }

    /// The methods routed for `path`, sorted; empty when no route matches the path at all.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = index.withLock { index in
            ((index.byLength[segments.count] ?? []) + index.wildcarded).filter { Self.matches($0.path, segments) }.map(\.method)
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
