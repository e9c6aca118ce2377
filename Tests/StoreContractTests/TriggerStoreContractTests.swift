import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("TriggerStore contract")
struct TriggerStoreContractTests {
    @Test(arguments: StoreKind.all) func aCreatedTriggerReadsBackUnchanged(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            let trigger = Fixture.trigger(eventName: "Wi-Fi Signed Up")
            try await storage.triggers.create(trigger)
            #expect(try await storage.triggers.trigger(named: "wifi_signup") == trigger)
            #expect(try await storage.triggers.trigger(named: "nope") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func allListsEveryTriggerByName(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            for name in ["order_placed", "cart_abandoned", "wifi_signup"] {
                try await storage.triggers.create(Fixture.trigger(name))
            }
            #expect(try await storage.triggers.all().map(\.name) == ["cart_abandoned", "order_placed", "wifi_signup"])
        }
    }

    @Test(arguments: StoreKind.all) func updateReplacesTheDefinitionAndKeepsStatusAndCounters(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger(eventName: "Old Name"))
            _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 5_000)])
            var definition = Fixture.trigger().definition
            definition.title = "New title"
            definition.description = nil
            definition.customerType = .lead
            definition.eventName = "New Name"
            definition.attributes = [AttributeDefinition(name: "shop", type: .text)]
            try await storage.triggers.update(definition)

            let stored = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(stored.definition == definition)
            #expect(stored.status == .integrationVerified)
            #expect(stored.eventCount == 1)
            #expect(stored.createdAt == referenceTime)
        }
    }

    @Test(arguments: StoreKind.all) func updatingAnUnknownTriggerChangesNothing(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await !storage.triggers.update(Fixture.trigger("ghost").definition))
            #expect(try await storage.triggers.trigger(named: "ghost") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func deleteReportsWhetherThereWasATrigger(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            #expect(try await storage.triggers.delete(named: "wifi_signup"))
            #expect(try await storage.triggers.trigger(named: "wifi_signup") == nil)
            #expect(try await !storage.triggers.delete(named: "wifi_signup"))
        }
    }

    @Test(arguments: StoreKind.all) func aTakenNameIsRefused(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.triggers.create(Fixture.trigger()))
            var again = Fixture.trigger()
            again.definition.title = "Another"
            #expect(try await !storage.triggers.create(again))
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.definition.title == "Title of wifi_signup")
        }
    }

    /// The engine checks event names first; a race past it meets the store's unique constraint, which
    /// answers as the engine would rather than as a server error.
    @Test(arguments: StoreKind.all) func anEventNameTakenInARaceIsAnInvalidTrigger(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger("order_placed", eventName: "Signed Up"))
            let created = await #expect(throws: FlintError.self) {
                try await storage.triggers.create(Fixture.trigger("wifi_signup", eventName: "Signed Up"))
            }
            #expect(created?.code == .invalidTrigger)
            try await storage.triggers.create(Fixture.trigger("wifi_signup"))
            let updated = await #expect(throws: FlintError.self) {
                try await storage.triggers.update(Fixture.trigger("wifi_signup", eventName: "Signed Up").definition)
            }
            #expect(updated?.code == .invalidTrigger)
        }
    }

    @Test(arguments: StoreKind.all) func aTriggerMayKeepItsOwnEventNameOrUseItsOwnName(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger("wifi_signup", eventName: "wifi_signup"))
            var definition = Fixture.trigger("wifi_signup", eventName: "wifi_signup").definition
            definition.title = "Renamed"
            #expect(try await storage.triggers.update(definition))
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.definition.title == "Renamed")
        }
    }

    @Test(arguments: StoreKind.all) func createMissingAddsOnlyTriggersThatAreNotThere(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger("email_sent", status: .integrationVerified, eventCount: 7))
            let builtins = BuiltinTriggers.triggers(createdAt: referenceTime.addingTimeInterval(60))
            try await storage.triggers.createMissing(builtins)
            try await storage.triggers.createMissing(builtins)

            let all = try await storage.triggers.all()
            #expect(Set(all.map(\.name)) == Set(BuiltinTriggers.definitions.map(\.name)))
            let kept = try #require(all.first { $0.name == "email_sent" })
            #expect(kept == Fixture.trigger("email_sent", status: .integrationVerified, eventCount: 7))
            let added = try #require(all.first { $0.name == "email_opened" })
            #expect(added == builtins.first { $0.name == "email_opened" })
        }
    }

    @Test(arguments: StoreKind.all) func deletingATriggerRemovesItsEventsAndInspectorEntries(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([
                Fixture.accepted("m1", receivedAt: 1_000), Fixture.rejected("r1", receivedAt: 2_000),
                Fixture.accepted("m1", receivedAt: 3_000),
            ])
            #expect(try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10).count == 3)

            #expect(try await storage.triggers.delete(named: "wifi_signup"))
            #expect(try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10).isEmpty)
            try await storage.triggers.create(Fixture.trigger())
            let recreated = try #require(try await storage.triggers.trigger(named: "wifi_signup"))
            #expect(recreated.eventCount == 0 && recreated.rejectedCount == 0 && recreated.lastEventAt == nil)
            #expect(recreated.status == .awaitingIntegration)
            #expect(try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 10).isEmpty)
        }
    }

    /// Pages for the web UI's list: ordered by title, filtered by name or title, `%` and `_` taken literally.
    @Test(arguments: StoreKind.all) func aPageOfMatchingTriggersComesWithTheTotal(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            for name in ["alpha_one", "alpha_two", "beta", "alphaxone", "gamma"] { try await storage.triggers.create(Fixture.trigger(name)) }
            let first = try await storage.triggers.page(matching: "", offset: 0, limit: 2)
            #expect(first.total == 5 && first.triggers.map(\.name) == ["alpha_one", "alpha_two"])
            let last = try await storage.triggers.page(matching: "", offset: 4, limit: 2)
            #expect(last.triggers.map(\.name) == ["gamma"])
            let underscore = try await storage.triggers.page(matching: "alpha_", offset: 0, limit: 10)
            #expect(underscore.total == 2 && !underscore.triggers.contains { $0.name == "alphaxone" })
            #expect(try await storage.triggers.page(matching: "TITLE OF BETA", offset: 0, limit: 10).triggers.map(\.name) == ["beta"])
            #expect(try await storage.triggers.page(matching: "100%", offset: 0, limit: 10).total == 0)
        }
    }
}
