import FlintCore
import Testing

@testable import FlintEngine

@Suite("Pending change notices")
struct PendingChangesTests {
    /// A burst of the same notice is applied once, and what journeys read (entities, triggers) first:
    /// the merged journeys notice may stand for a journey published on a trigger created after it arrived.
    @Test func repeatsMergeAndDependenciesComeFirst() {
        let pending = PendingChanges()
        for _ in 0..<1000 { pending.add(.journeys) }
        pending.add(.trigger("b"))
        pending.add(.work)
        pending.add(.journeys)
        pending.add(.trigger("a"))
        pending.add(.entities)
        pending.add(.trigger("b"))
        #expect(pending.take() == [.entities, .trigger("a"), .trigger("b"), .journeys, .work])
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
