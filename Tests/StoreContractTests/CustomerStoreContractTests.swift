import FlintCore
import FlintSQLite
import Foundation
import GRDB
import Testing

/// A contact with every field set.
private let ann = Customer(
    id: "contact-123", type: .contact, email: "ann@example.com", phone: "+15550100", firstName: "Ann",
    lastName: "Lee", attributes: ["plan": "gold", "visits": 3, "tags": ["a", "b"]],
    consent: Consent(
        email: ChannelConsent(commercial: true, transactional: true),
        sms: ChannelConsent(commercial: false, transactional: true)))

@Suite("CustomerStore contract")
struct CustomerStoreContractTests {
    /// A consent change touches only its flags, on the consent stored at commit time: attributes written
    /// after the change was made (by ingestion, say) are kept.
    @Test(arguments: StoreKind.all) func aConsentChangeKeepsWhatWasWrittenMeanwhile(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.customers.upsert(ann, at: 1_000))
            var later = ann
            later.attributes["plan"] = "platinum"
            _ = try await storage.customers.upsert(later, at: 1_500)
            let change = ConsentChange(type: .contact, id: "contact-123", emailCommercial: false, smsCommercial: true, at: 2_000)
            #expect(try await storage.events.commit([.consentChange(change)]) == [.recorded])
            let stored = try #require(try await storage.customers.customer(type: .contact, id: "contact-123"))
            #expect(stored.attributes["plan"] == "platinum")
            #expect(stored.consent == Consent(
                email: ChannelConsent(commercial: false, transactional: true), sms: ChannelConsent(commercial: true, transactional: true)))
            let nobody = ConsentChange(type: .lead, id: "contact-123", emailCommercial: false, at: 2_000)
            #expect(try await storage.events.commit([.consentChange(nobody)]) == [.unknownCustomer])
        }
    }

    @Test(arguments: StoreKind.all) func theFirstUpsertCreatesAndTheSecondUpdates(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            #expect(try await storage.customers.upsert(ann, at: 1_000))
            #expect(try await storage.customers.customer(type: .contact, id: "contact-123") == ann)

            var changed = ann
            changed.email = nil
            changed.firstName = "Annie"
            changed.attributes = [:]
            changed.consent.email.commercial = false
            #expect(try await !storage.customers.upsert(changed, at: 2_000))
            #expect(try await storage.customers.customer(type: .contact, id: "contact-123") == changed)
        }
    }

    @Test(arguments: StoreKind.all) func typesAreSeparateNamespaces(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            var lead = ann
            lead.type = .lead
            lead.firstName = "Lead Ann"
            #expect(try await storage.customers.upsert(ann, at: 1_000))
            #expect(try await storage.customers.upsert(lead, at: 1_000))
            #expect(try await storage.customers.customer(type: .lead, id: "contact-123") == lead)
            #expect(try await storage.customers.customer(type: .contact, id: "contact-123") == ann)
            #expect(try await storage.customers.customer(type: .profile, id: "contact-123") == nil)
        }
    }

    @Test(arguments: StoreKind.all) func readsSeveralCustomersOfOneTypeAtOnce(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            var bob = ann
            bob.id = "contact-456"
            var lead = ann
            lead.type = .lead
            lead.id = "contact-789"
            for customer in [ann, bob, lead] { _ = try await storage.customers.upsert(customer, at: 1_000) }
            let found = try await storage.customers.customers(type: .contact, ids: ["contact-123", "contact-456", "contact-789", "nobody"])
            #expect(found == ["contact-123": ann, "contact-456": bob])
            #expect(try await storage.customers.customers(type: .contact, ids: []) == [:])
        }
    }

    @Test(arguments: StoreKind.all) func aMinimalCustomerReadsBackWithoutConsent(store: StoreKind) async throws {
        try await withStorage(store) { (storage: Storage) async throws in
            let bare = Customer(id: "p-1", type: .profile)
            #expect(try await storage.customers.upsert(bare, at: 1_000))
            let stored = try #require(try await storage.customers.customer(type: .profile, id: "p-1"))
            #expect(stored == bare)
            #expect(!stored.consent.email.allows(.transactional) && !stored.consent.sms.allows(.commercial))
        }
    }

    @Test(arguments: StoreKind.all) func consentIsStoredInTheShapeOfTheAPIAndCreationTimeIsKept(store: StoreKind) async throws {
        try await withDatabase { database, storage in
            _ = try await storage.customers.upsert(ann, at: 1_000)
            _ = try await storage.customers.upsert(ann, at: 2_000)
            let row = try #require(
                try await database.pool.read { db in
                    try Row.fetchOne(db, sql: "SELECT consent, created_at, updated_at FROM customers WHERE id = 'contact-123'")
                })
            let consent = try JSONParser.parse(row["consent"] as String)
            #expect(consent == ["email": ["commercial": true, "transactional": true], "sms": ["commercial": false, "transactional": true]])
            #expect(row["created_at"] as Int64 == 1_000)
            #expect(row["updated_at"] as Int64 == 2_000)
        }
    }
}
