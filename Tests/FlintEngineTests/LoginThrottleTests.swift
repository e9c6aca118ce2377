@testable import FlintEngine
import Testing

@Suite("Login throttle")
struct LoginThrottleTests {
    @Test func guessingOneAccountFromOneClientIsHeldButNotForOtherClients() {
        let throttle = LoginThrottle(burst: 5, secondsPerAttempt: 30)
        for _ in 0..<5 { #expect(throttle.attempt(email: "ann@example.com", client: "203.0.113.9", now: 0) == nil) }
        #expect(throttle.attempt(email: "ann@example.com", client: "203.0.113.9", now: 1) == 29)
        // The owner, elsewhere, is not locked out by someone else's guessing.
        #expect(throttle.attempt(email: "ann@example.com", client: "198.51.100.7", now: 1) == nil)
        // Time gives one attempt back every 30 s.
        #expect(throttle.attempt(email: "ann@example.com", client: "203.0.113.9", now: 31) == nil)
    }

    @Test func oneClientCannotTryManyAccountsFast() {
        let throttle = LoginThrottle(burst: 5, secondsPerAttempt: 30)
        var allowed = 0
        for index in 0..<100 where throttle.attempt(email: "user\(index)@example.com", client: "203.0.113.9", now: 0) == nil { allowed += 1 }
        #expect(allowed == 50)
    }

    @Test func aSuccessClearsTheAccountsBucket() {
        let throttle = LoginThrottle(burst: 2, secondsPerAttempt: 30)
        #expect(throttle.attempt(email: "ann@example.com", client: "c", now: 0) == nil)
        #expect(throttle.attempt(email: "ann@example.com", client: "c", now: 0) == nil)
        throttle.succeeded(email: "ann@example.com", client: "c")
        #expect(throttle.attempt(email: "ann@example.com", client: "c", now: 0) == nil)
    }
}
