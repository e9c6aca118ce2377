import FlintCore
import Foundation
import Hummingbird

/// Percent-decodes every path parameter once, at the edge, so handlers see `josé@example.com` for
/// `jos%C3%A9%40example.com` and `order/7` for `order%2F7`. A parameter that is not valid
/// percent-encoded UTF-8 answers 400 rather than reaching a handler half-decoded.
struct PathParameterDecodingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parameters = context.parameters
        guard parameters.contains(where: { $0.value.utf8.contains(UInt8(ascii: "%")) }) else {
            return try await next(request, context)
        }
        var decoded: [(key: Substring, value: Substring)] = []
        for (key, value) in parameters {
            guard let text = value.removingPercentEncoding else {
                throw FlintError(.invalidRequest, "The path segment for \(key) is not valid percent-encoded UTF-8")
            }
            decoded.append((key, Substring(text)))
        }
        var context = context
        context.coreContext.parameters = Parameters(decoded)
        return try await next(request, context)
    }
}
