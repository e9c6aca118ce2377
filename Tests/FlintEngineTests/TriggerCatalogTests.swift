import FlintCore
import FlintEngine
import Foundation
import Testing

@Suite("TriggerCatalog")
struct TriggerCatalogTests {
    let store = InMemoryTriggerStore()
    let clock = TestWallClock()
    let catalog: TriggerCatalog

    init() {
        catalog = TriggerCatalog(store: store, clock: clock, changes: InProcessChangeFeed())
    }

    static let signup = TriggerDefinition(
        name: "wifi_signup", title: "Wi-Fi sign-up", attributes: [AttributeDefinition(name: "location", type: .text, required: true)])

    @Test func loadCreatesTheBuiltinTriggersOnceAndCachesEveryDefinition() async throws {
        store.seed(Trigger(definition: Self.signup, status: .awaitingIntegration, createdAt: clock.now()))
        try await catalog.load()
        try await catalog.load()
        #expect(try await store.all().count == BuiltinTriggers.definitions.count + 1)
        #expect(catalog.definition(named: "wifi_signup") == Self.signup)
        #expect(catalog.definition(named: "email_opened")?.kind == .builtin)
        #expect(catalog.definition(named: "ghost") == nil)
    }

    @Test func createStoresATriggerAwaitingIntegrationAndCachesIt() async throws {
        let created = try await catalog.create(Self.signup)
        #expect(created == Trigger(definition: Self.signup, status: .awaitingIntegration, createdAt: clock.now()))
        #expect(try await store.trigger(named: "wifi_signup") == created)
        #expect(catalog.definition(named: "wifi_signup") == Self.signup)

        let error = await #expect(throws: FlintError.self) { try await catalog.create(Self.signup) }
        #expect(error?.code == .triggerExists)
    }

    @Test func builtinTriggersAreReadOnly() async throws {
        try await catalog.load()
        let changed = await #expect(throws: FlintError.self) {
            try await catalog.update(named: "email_opened", with: TriggerPatch(title: "Opened"))
        }
        #expect(changed?.code == .triggerReadOnly)
        let deleted = await #expect(throws: FlintError.self) { try await catalog.delete(named: "email_opened") }
        #expect(deleted?.code == .triggerReadOnly)
        #expect(catalog.definition(named: "email_opened") != nil)
    }

    @Test func aSafeChangeIsStoredAndCached() async throws {
        _ = try await catalog.create(Self.signup)
        let patch = TriggerPatch(title: "Guest Wi-Fi", attributes: Self.signup.attributes + [AttributeDefinition(name: "amount", type: .number)])
        let updated = try await catalog.update(named: "wifi_signup", with: patch)
        #expect(updated.definition.title == "Guest Wi-Fi")
        #expect(updated.definition.attributes.map(\.name) == ["location", "amount"])
        #expect(catalog.definition(named: "wifi_signup") == updated.definition)
    }

    @Test func aBreakingChangeIsRefusedWhileALiveJourneyUsesTheTrigger() async throws {
        store.seed(
            Trigger(
                definition: Self.signup, status: .ready, createdAt: clock.now(),
                usedIn: [JourneyUsage(id: "j1", name: "Welcome", status: "live")]))
        try await catalog.load()
        let error = await #expect(throws: FlintError.self) {
            try await catalog.update(named: "wifi_signup", with: TriggerPatch(attributes: []))
        }
        #expect(error?.code == .triggerInUse)
        #expect(error?.details.map(\.field) == ["attributes.location"])
        #expect(try await store.trigger(named: "wifi_signup")?.definition == Self.signup)
        #expect(catalog.definition(named: "wifi_signup") == Self.signup)
    }

    @Test func deleteRemovesTheTriggerUnlessAJourneyUsesIt() async throws {
        _ = try await catalog.create(Self.signup)
        try await catalog.delete(named: "wifi_signup")
        #expect(catalog.definition(named: "wifi_signup") == nil)
        #expect(try await store.trigger(named: "wifi_signup") == nil)
        let missing = await #expect(throws: FlintError.self) { try await catalog.delete(named: "wifi_signup") }
        #expect(missing?.code == .notFound)

        var used = Self.signup
        used.name = "order_placed"
        store.seed(
            Trigger(definition: used, status: .ready, createdAt: clock.now(), usedIn: [JourneyUsage(id: "j1", name: "Draft", status: "draft")]))
        let inUse = await #expect(throws: FlintError.self) { try await catalog.delete(named: "order_placed") }
        #expect(inUse?.code == .triggerInUse)
        #expect(try await store.trigger(named: "order_placed") != nil)
    }

    @Test func markReadyUsesTheClock() async throws {
        store.seed(Trigger(definition: Self.signup, status: .integrationVerified, createdAt: clock.now()))
        clock.advance(by: 90)
        let ready = try await catalog.markReady(named: "wifi_signup")
        #expect(ready.status == .ready)
        #expect(ready.readyAt == clock.now())
    }

    /// Segment-style clients name a trigger by its name or its event name, so neither may name two triggers.
    @Test(arguments: ["Signed Up", "order_placed"])
    func anEventNameTakenByAnotherTriggerIsRefused(eventName: String) async throws {
        _ = try await catalog.create(TriggerDefinition(name: "order_placed", title: "Order placed", eventName: "Signed Up"))
        let created = await #expect(throws: FlintError.self) {
            try await catalog.create(TriggerDefinition(name: "wifi_signup", title: "Wi-Fi", eventName: eventName))
        }
        #expect(created?.code == .invalidTrigger)
        #expect(created?.details.map(\.field) == ["eventName"])
        #expect(try await store.trigger(named: "wifi_signup") == nil)

        _ = try await catalog.create(Self.signup)
        let updated = await #expect(throws: FlintError.self) {
            try await catalog.update(named: "wifi_signup", with: try TriggerPatch.parse(["eventName": .string(eventName)], name: "wifi_signup"))
        }
        #expect(updated?.code == .invalidTrigger)
        #expect(try await store.trigger(named: "wifi_signup")?.definition.eventName == nil)
    }

    @Test func aNewTriggersNameMayNotBeAnotherTriggersEventName() async throws {
        _ = try await catalog.create(TriggerDefinition(name: "order_placed", title: "Order placed", eventName: "wifi_signup"))
        let error = await #expect(throws: FlintError.self) { try await catalog.create(Self.signup) }
        #expect(error?.code == .invalidTrigger)
        #expect(error?.details.map(\.field) == ["name"])
    }

    @Test func markingATriggerReadyBeforeItsFirstEventSaysWhatToDo() async throws {
        _ = try await catalog.create(Self.signup)
        let error = await #expect(throws: FlintError.self) { try await catalog.markReady(named: "wifi_signup") }
        #expect(error?.code == .integrationNotVerified)
        #expect(error?.message.contains("send one with the snippet") == true)
        let missing = await #expect(throws: FlintError.self) { try await catalog.markReady(named: "ghost") }
        #expect(missing?.code == .notFound)
    }
}
