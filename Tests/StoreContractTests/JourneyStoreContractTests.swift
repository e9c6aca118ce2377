import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("JourneyStore contract")
struct JourneyStoreContractTests {
    @Test(arguments: StoreKind.all) func aCreatedJourneyReadsBackWithItsDefinition(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            let journey = JourneyFixture.journey()
            #expect(try await storage.journeys.journey(id: "j-1") == journey)
            #expect(try await storage.journeys.journey(id: "nope") == nil)
            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 1) == journey.definitionJSON)
            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 2) == nil)
        }
    }

    @Test(arguments: StoreKind.all) func allListsJourneysByCreationTime(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            for name in JourneyFixture.triggers { try await storage.triggers.create(Fixture.trigger(name)) }
            for (id, createdAt) in [("j-b", Int64(3_000)), ("j-a", 2_000), ("j-c", 1_000)] {
                try await storage.journeys.create(JourneyFixture.journey(id, createdAt: createdAt), triggers: ["wifi_signup"])
            }
            #expect(try await storage.journeys.all().map(\.id) == ["j-c", "j-a", "j-b"])
        }
    }

    @Test(arguments: StoreKind.all) func anUnknownTriggerFailsTheWholeCreate(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger("wifi_signup"))
            await #expect(throws: (any Error).self) {
                try await storage.journeys.create(JourneyFixture.journey(), triggers: ["wifi_signup", "ghost"])
            }
            #expect(try await storage.journeys.journey(id: "j-1") == nil)
            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 1) == nil)
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.usedIn == [])
        }
    }

    @Test(arguments: StoreKind.all) func saveVersionAddsANewVersionAndKeepsTheOldOne(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            var journey = JourneyFixture.journey()
            journey.version = 2
            journey.name = "Renamed"
            journey.definitionJSON = #"{"name":"Renamed"}"#
            journey.updatedAt = 9_000
            try await storage.journeys.saveVersion(journey, triggers: ["wifi_signup"])

            #expect(try await storage.journeys.journey(id: "j-1") == journey)
            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 1) == JourneyFixture.journey().definitionJSON)
            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 2) == #"{"name":"Renamed"}"#)
        }
    }

    @Test(arguments: StoreKind.all) func saveVersionReplacesTheSameVersionAndItsTriggers(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            var journey = JourneyFixture.journey()
            journey.definitionJSON = #"{"replaced":true}"#
            try await storage.journeys.saveVersion(journey, triggers: ["wifi_signup"])

            #expect(try await storage.journeys.definitionJSON(id: "j-1", version: 1) == #"{"replaced":true}"#)
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.usedIn.map(\.id) == ["j-1"])
            #expect(try await storage.triggers.trigger(named: "purchase_completed")?.usedIn == [])
        }
    }

    @Test(arguments: StoreKind.all) func saveVersionOfAnUnknownJourneyIsNotFound(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger("wifi_signup"))
            let error = await #expect(throws: FlintError.self) {
                try await storage.journeys.saveVersion(JourneyFixture.journey(), triggers: ["wifi_signup"])
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.all) func setStatusRecordsLiveSince(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            try await storage.journeys.setStatus(id: "j-1", status: .live, liveSince: 5_000, at: 5_000)
            let live = try #require(try await storage.journeys.journey(id: "j-1"))
            #expect(live.status == .live && live.liveSince == 5_000 && live.updatedAt == 5_000)

            try await storage.journeys.setStatus(id: "j-1", status: .stopped, liveSince: 5_000, at: 6_000)
            #expect(try await storage.journeys.journey(id: "j-1")?.status == .stopped)

            let error = await #expect(throws: FlintError.self) {
                try await storage.journeys.setStatus(id: "ghost", status: .live, liveSince: 1, at: 1)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.all) func hasRunsLooksAtOneVersion(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            #expect(try await !storage.journeys.hasRuns(id: "j-1", version: 1))
            _ = try await storage.insertRuns([JourneyFixture.stored(JourneyFixture.performing())])
            #expect(try await storage.journeys.hasRuns(id: "j-1", version: 1))
            #expect(try await !storage.journeys.hasRuns(id: "j-1", version: 2))
        }
    }

    @Test(arguments: StoreKind.all) func triggersListTheJourneysThatUseThem(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage, journeys: ["j-1", "j-2"])
            try await storage.triggers.create(Fixture.trigger("unused"))
            try await storage.journeys.setStatus(id: "j-2", status: .live, liveSince: 1, at: 1)

            let expected = [
                JourneyUsage(id: "j-1", name: "Wi-Fi welcome", status: "draft"),
                JourneyUsage(id: "j-2", name: "Wi-Fi welcome", status: "live"),
            ]
            let trigger = try #require(try await storage.triggers.trigger(named: "purchase_completed"))
            #expect(trigger.usedIn == expected)
            #expect(trigger.isUsedByLiveJourney)
            let all = try await storage.triggers.all()
            #expect(all.first { $0.name == "wifi_signup" }?.usedIn == expected)
            #expect(all.first { $0.name == "unused" }?.usedIn == [])
        }
    }

    @Test(arguments: StoreKind.all) func aTriggerInUseCannotBeDeletedUnderAJourney(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await JourneyFixture.prepare(storage)
            await #expect(throws: (any Error).self) { try await storage.triggers.delete(named: "purchase_completed") }
            #expect(try await storage.triggers.trigger(named: "purchase_completed") != nil)
        }
    }
}
