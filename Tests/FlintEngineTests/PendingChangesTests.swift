import FlintCore
import Testing

@testable import FlintEngine

@Suite("Pending change notices")
struct PendingChangesTests {
    /// A burst of the same notice is applied once; distinct ones keep their first order.
    @Test func repeatsMergeAndOrderHolds() {
        let pending = PendingChanges()
        for _ in 0..<1000 { pending.add(.journeys) }
        pending.add(.trigger("a"))
        pending.add(.journeys)
        pending.add(.trigger("b"))
        pending.add(.trigger("a"))
        #expect(pending.take() == [.journeys, .trigger("a"), .trigger("b")])
        #expect(pending.take().isEmpty)
    }

    @Test func everythingTakesThePlaceOfTheRest() {
        let pending = PendingChanges()
        pending.add(.ingestionKeys)
        pending.add(.everything)
        pending.add(.journeys)
        #expect(pending.take() == [.everything])
    }
}
