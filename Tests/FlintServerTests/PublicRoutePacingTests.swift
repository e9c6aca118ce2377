import FlintCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlintServer

@Suite("Pacing of the public routes")
struct PublicRoutePacingTests {
    /// A router with one paced route, on a frozen monotonic time so only the pacer's arithmetic counts.
    static func router(sleeper: RecordingSleeper) -> Router<FlintRequestContext> {
        let router = Router(context: FlintRequestContext.self)
        router.add(middleware: ErrorMiddleware(routes: RouteTable()))
        let pacing = ClientPacing(ratePerClient: 10, burst: 2, maximumDelay: 0.5, sleeper: sleeper, now: { 100 })
        router.group("t").add(middleware: PublicRoutePacingMiddleware(pacing: pacing)).get("o/:token") { _, _ in "pixel" }
        router.get("other") { _, _ in "free" }
        return router
    }

    @Test func requestsPastTheRateAreHeldThenRefused() async throws {
        let sleeper = RecordingSleeper()
        try await Application(router: Self.router(sleeper: sleeper)).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<8 {
                try await client.execute(uri: "/t/o/x", method: .get) { statuses.append($0.status) }
            }
            // Two go through at once, five are held (0.1 s to 0.5 s) and served, the next is held 0.5 s and refused.
            #expect(statuses == Array(repeating: .ok, count: 7) + [.tooManyRequests])
            #expect(sleeper.waits == [100, 200, 300, 400, 500, 500].map { .milliseconds($0) })
            try await client.execute(uri: "/t/o/x", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "1")
                #expect(String(buffer: response.body).contains("rate_limited"))
            }
            // Routes outside the group are not paced.
            try await client.execute(uri: "/other", method: .get) { #expect($0.status == .ok) }
        }
    }
}
