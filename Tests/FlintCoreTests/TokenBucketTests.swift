import Testing
import FlintCore

@Suite("TokenBucket")
struct TokenBucketTests {
    @Test func startsFullAndAllowsABurstOfCapacity() {
        var bucket = TokenBucket(rate: 1, capacity: 5, now: 100)
        for _ in 0..<5 { #expect(bucket.take(now: 100) == nil) }
        #expect(bucket.take(now: 100) == 1)
    }

    @Test func capacityDefaultsToTheRateButAtLeastOne() {
        #expect(TokenBucket(rate: 10, now: 0).capacity == 10)
        #expect(TokenBucket(rate: 0.25, now: 0).capacity == 1)
        #expect(TokenBucket(rate: 3, capacity: 7, now: 0).capacity == 7)
    }

    @Test func refillsAtTheRate() {
        var bucket = TokenBucket(rate: 2, now: 0)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == 1)
        #expect(bucket.take(now: 0.25) == 1)  // half a token back
        #expect(bucket.take(now: 0.5) == nil)  // a whole token back
        #expect(bucket.take(now: 0.5) == 1)
    }

    @Test func neverHoldsMoreThanItsCapacity() {
        var bucket = TokenBucket(rate: 1, capacity: 2, now: 0)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == nil)
        let later = 1_000_000.0
        #expect(bucket.take(now: later) == nil)
        #expect(bucket.take(now: later) == nil)
        #expect(bucket.take(now: later) == 1)
    }

    @Test(arguments: [(0.1, 10), (0.5, 2), (1.0, 1), (4.0, 1), (1.0 / 30, 30)])
    func answersTheWholeSecondsToWait(rate: Double, wait: Int) {
        var bucket = TokenBucket(rate: rate, capacity: 1, now: 0)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == wait)
    }

    @Test func aClockGoingBackwardsAddsNoTokens() {
        var bucket = TokenBucket(rate: 1, capacity: 1, now: 50)
        #expect(bucket.take(now: 50) == nil)
        #expect(bucket.take(now: 10) == 1)
        #expect(bucket.take(now: 50.5) == 1)
        #expect(bucket.take(now: 51) == nil)
    }

    @Test func reservesAheadUpToTheLongestWaitAndRefusesWithoutDebt() {
        var bucket = TokenBucket(rate: 10, capacity: 1, now: 0)
        #expect(bucket.reserve(now: 0, maximumWait: 0.25) == 0)
        #expect(bucket.reserve(now: 0, maximumWait: 0.25) == 0.1)
        #expect(bucket.reserve(now: 0, maximumWait: 0.25) == 0.2)
        // 0.3 s is past the longest wait: refused, and no token is borrowed for it.
        #expect(bucket.reserve(now: 0, maximumWait: 0.25) == 0.3)
        #expect(bucket.reserve(now: 0, maximumWait: 0.25) == 0.3)
        #expect(!bucket.isFull(at: 0.25) && bucket.isFull(at: 0.31))
        #expect(bucket.reserve(now: 0.5, maximumWait: 0) == 0)
    }
}
