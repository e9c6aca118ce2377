import FlintCore
import Testing

@Suite("ClientPacer")
struct ClientPacerTests {
    @Test func aBurstGoesThroughThenRequestsAreHeldAtTheRate() {
        var pacer = ClientPacer(rate: 10, burst: 3, maximumDelay: 1)
        for _ in 0..<3 { #expect(pacer.admit("a", now: 100) == .now) }
        // Each held request waits behind the one before it: 0.1 s, 0.2 s, ...
        #expect(pacer.admit("a", now: 100) == .after(0.1))
        #expect(pacer.admit("a", now: 100) == .after(0.2))
        #expect(pacer.admit("b", now: 100) == .now)
    }

    @Test func pastTheLongestDelayARequestIsRefused() {
        var pacer = ClientPacer(rate: 10, burst: 1, maximumDelay: 0.5)
        #expect(pacer.admit("a", now: 0) == .now)
        for _ in 0..<5 { guard case .after = pacer.admit("a", now: 0) else { Issue.record("not held"); return } }
        #expect(pacer.admit("a", now: 0) == .refused(retryAfter: 1))
        // A refused request takes no token: a second later the bucket has refilled past the debt.
        #expect(pacer.admit("a", now: 1.0) == .now)
    }

    @Test func aFloodGetsTheRateWhateverItsConcurrency() {
        var pacer = ClientPacer(rate: 50, burst: 100, maximumDelay: 2)
        var served = 0
        // 10,000 requests over 10 simulated seconds, served or held within the next 2 s.
        for index in 0..<10_000 {
            let now = Double(index) / 1000
            switch pacer.admit("flood", now: now) {
            case .now: served += 1
            case .after(let wait) where now + wait <= 10: served += 1
            default: break
            }
        }
        #expect(served <= 100 + 50 * 10 && served >= 50 * 10)
    }

    @Test func rememberedClientsAreBounded() {
        var pacer = ClientPacer(rate: 1, burst: 1, maximumDelay: 0, maximumClients: 100)
        for index in 0..<1_000 { _ = pacer.admit("client-\(index)", now: Double(index) * 10) }
        #expect(pacer.clientCount <= 100)
        // Busy clients are forgotten too rather than grow without bound.
        var busy = ClientPacer(rate: 1, burst: 1, maximumDelay: 0, maximumClients: 100)
        for index in 0..<1_000 { _ = busy.admit("client-\(index)", now: 0) }
        #expect(busy.clientCount <= 100)
    }
}
