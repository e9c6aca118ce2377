import FlintCore
import FlintSQLite
import Foundation
import Testing

@Suite("SQLiteEventStore.inspectorEntries")
struct InspectorContractTests {
    /// Accepted m1 (1000), rejected r1 (2000), accepted m2 (3000), duplicate m1 (4000), each in its own commit.
    func commitHistory(_ storage: Storage) async throws {
        try await storage.triggers.create(Fixture.trigger())
        try await storage.triggers.create(Fixture.trigger("order_placed"))
        _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 1_000)])
        _ = try await storage.events.commit([
            Fixture.rejected(
                "r1", receivedAt: 2_000,
                problems: [
                    Problem(field: "attributes.amount", problem: "expected a number, got a string"),
                    Problem(field: "attributes.location", problem: "is required"),
                ]),
            Fixture.accepted("o1", trigger: "order_placed", receivedAt: 2_500),
        ])
        _ = try await storage.events.commit([
            Fixture.accepted("m2", receivedAt: 3_000, attributes: ["location": "lobby", "amount": 12.5, "firstVisit": true])
        ])
        _ = try await storage.events.commit([Fixture.accepted("m1", receivedAt: 4_000, attributes: ["location": "bar"])])
    }

    @Test(arguments: StoreKind.all) func entriesMergeTheLogWithRejectionsAndDuplicatesNewestFirst(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await commitHistory(storage)
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 50)
            #expect(entries.map(\.messageId) == ["m1", "m2", "r1", "m1"])
            #expect(entries.map(\.verdict) == [.duplicate, .accepted, .rejected, .accepted])
            #expect(entries.map(\.receivedAt) == [4_000, 3_000, 2_000, 1_000])
            #expect(entries.map(\.authId) == ["contact-m1", "contact-m2", "contact-x", "contact-m1"])
        }
    }

    @Test(arguments: StoreKind.all, [0, 1, 2, 3])
    func theLimitKeepsTheNewest(store: StoreKind, limit: Int) async throws {
        try await withStorage(store) { storage in
            try await commitHistory(storage)
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: limit)
            #expect(entries.map(\.receivedAt) == Array([4_000, 3_000, 2_000, 1_000].prefix(limit)))
        }
    }

    @Test(arguments: StoreKind.all) func problemsAndAttributesRoundTrip(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await commitHistory(storage)
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 50)
            try #require(entries.count == 4)
            #expect(entries[0].attributes == ["location": "bar"])
            #expect(entries[0].problems.isEmpty)
            #expect(entries[1].attributes == ["location": "lobby", "amount": 12.5, "firstVisit": true])
            #expect(entries[1].problems.isEmpty)
            #expect(
                entries[2].problems == [
                    Problem(field: "attributes.amount", problem: "expected a number, got a string"),
                    Problem(field: "attributes.location", problem: "is required"),
                ])
            #expect(entries[2].attributes == ["amount": "ten"])
        }
    }

    @Test(arguments: StoreKind.all) func aRejectionWithoutAttributesOrIdsShowsNulls(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit([Fixture.rejected(nil, receivedAt: 7, attributesJSON: nil)])
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 5)
            #expect(entries == [
                InspectorEntry(
                    messageId: nil, authId: "contact-x", receivedAt: 7, verdict: .rejected,
                    problems: [Problem(field: "attributes.location", problem: "is required")], attributes: .null)
            ])
        }
    }

    @Test(arguments: StoreKind.all) func entriesBelongToTheirTrigger(store: StoreKind) async throws {
        try await withStorage(store) { storage in
            try await commitHistory(storage)
            let entries = try await storage.events.inspectorEntries(trigger: "order_placed", limit: 50)
            #expect(entries.map(\.messageId) == ["o1"])
            #expect(try await storage.events.inspectorEntries(trigger: "ghost", limit: 50).isEmpty)
        }
    }

    @Test(arguments: StoreKind.all) func retentionKeepsTheNewestRejectionsAcrossCommits(store: StoreKind) async throws {
        try await withStorage(store, inspectorRetention: 5) { storage in
            try await storage.triggers.create(Fixture.trigger())
            for index in 1...12 {
                _ = try await storage.events.commit([Fixture.rejected("r\(index)", receivedAt: Int64(index))])
            }
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 100)
            #expect(entries.map(\.messageId) == ["r12", "r11", "r10", "r9", "r8"])
            #expect(try await storage.triggers.trigger(named: "wifi_signup")?.rejectedCount == 12)
        }
    }

    @Test(arguments: StoreKind.all) func retentionKeepsTheNewestRejectionsWithinOneCommit(store: StoreKind) async throws {
        try await withStorage(store, inspectorRetention: 5) { storage in
            try await storage.triggers.create(Fixture.trigger())
            try await storage.triggers.create(Fixture.trigger("order_placed"))
            _ = try await storage.events.commit([Fixture.rejected("other", trigger: "order_placed")])
            _ = try await storage.events.commit((1...12).map { Fixture.rejected("r\($0)", receivedAt: Int64($0)) })
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 100)
            #expect(entries.map(\.messageId) == ["r12", "r11", "r10", "r9", "r8"])
            #expect(try await storage.events.inspectorEntries(trigger: "order_placed", limit: 100).map(\.messageId) == ["other"])
        }
    }

    @Test(arguments: StoreKind.all) func retentionDoesNotTrimTheEventLog(store: StoreKind) async throws {
        try await withStorage(store, inspectorRetention: 2) { storage in
            try await storage.triggers.create(Fixture.trigger())
            _ = try await storage.events.commit((1...6).map { Fixture.accepted("m\($0)", receivedAt: Int64($0)) })
            _ = try await storage.events.commit((1...3).map { Fixture.rejected("r\($0)", receivedAt: Int64(10 + $0)) })
            let entries = try await storage.events.inspectorEntries(trigger: "wifi_signup", limit: 100)
            #expect(entries.map(\.messageId) == ["r3", "r2", "m6", "m5", "m4", "m3", "m2", "m1"])
        }
    }
}
