import FlintCore
import Hummingbird

/// Paces the routes anyone may call (tracking pixels, link redirects, unsubscribe) per client address:
/// a request past its client's rate is held until its turn, and one past the longest hold is held
/// that long too and then refused with `429` and `Retry-After`. A flood, however many connections it
/// opens, gets its client's rate of work and costs sleeping tasks otherwise, so it cannot take the
/// machine from ingestion.
struct PublicRoutePacingMiddleware: RouterMiddleware {
    typealias Context = FlintRequestContext
    let pacing: ClientPacing

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch pacing.admit(context.clientAddress) {
        case .now:
            break
        case .after(let seconds):
            try await pacing.sleeper.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
        case .refused(let retryAfter):
            try await pacing.sleeper.sleep(for: pacing.maximumDelay)
            throw FlintError(.rateLimited, "Too many requests from this address; try again later", retryAfter: retryAfter)
        }
        return try await next(request, context)
    }
}
