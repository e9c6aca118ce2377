import Foundation
import Testing

@testable import FlintCore

/// Counts up from a seed, so a test knows the random bits.
private struct CountingGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return state
    }
}

@Suite("UUIDv7 message ids")
struct TimeOrderedUUIDTests {
    @Test func isAVersion7UUIDWithTheTimeFirst() throws {
        var generator = CountingGenerator(state: 1)
        let id = TimeOrderedUUID.make(milliseconds: 0x0192_3456_789A, using: &generator)
        #expect(id.count == 36)
        #expect(id.hasPrefix("01923456-789a-7"))
        let variant = id[id.index(id.startIndex, offsetBy: 19)]
        #expect("89ab".contains(variant))
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased())
    }

    @Test func laterIdsSortAfterEarlierOnes() {
        var generator = SystemRandomNumberGenerator()
        let start: UInt64 = 1_795_000_000_000
        let ids = (0..<200).map { TimeOrderedUUID.make(milliseconds: start + UInt64($0), using: &generator) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    /// Flint's own message ids carry the time they were made.
    @Test func randomIdentifiersMakeVersion7MessageIds() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = RandomIdentifiers().makeMessageId()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let hex = id.replacingOccurrences(of: "-", with: "")
        let milliseconds = try #require(UInt64(hex.prefix(12), radix: 16))
        #expect(milliseconds >= before && milliseconds <= after)
        #expect(id[id.index(id.startIndex, offsetBy: 14)] == "7")
    }
}
