import FlintCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("/api/v1/contacts, /leads, /profiles")
struct CustomerRouteTests {
    @Test func createsReplacesAndReadsContacts() async throws {
        try await TestFlint().run { client in
            let body: JSONValue = [
                "email": "ann@example.com", "phone": "+15551234567", "firstName": "Ann", "lastName": "Lee", "attributes": ["tier": "gold"],
                "consent": ["email": ["commercial": true, "transactional": true], "sms": ["transactional": true]],
            ]
            let created = try await client.send(.put, "/api/v1/contacts/ann", json: body)
            #expect(created.status == .created)
            #expect(created.json["consent"]?["sms"] == ["commercial": false, "transactional": true])
            #expect(try await client.send(.get, "/api/v1/contacts/ann").json == created.json)
            let updated = try await client.send(.put, "/api/v1/contacts/ann", json: ["email": "ann@new.example"])
            #expect(updated.status == .ok)
            #expect(updated.json["firstName"] == .null)
            #expect(try await client.send(.get, "/api/v1/leads/ann").status == .notFound)
            #expect(try await client.send(.put, "/api/v1/profiles/p-1", json: ["email": "p@example.com"]).status == .created)
        }
    }

    @Test func refusesBadCustomers() async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.put, "/api/v1/contacts/ann", json: [
                "email": "not-an-address", "phone": "call me", "consent": ["email": ["commercial": "yes"]], "colour": "red",
            ])
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "validation_failed")
            #expect(Set(response.problemFields) == ["email", "phone", "consent.email.commercial", "colour"])
        }
    }

    @Test func refusesControlCharactersAndOverlongNamesInEveryField() async throws {
        try await TestFlint().run { client in
            let response = try await client.send(.put, "/api/v1/contacts/ann", json: [
                "firstName": "Ann\r\nBcc: victim@example.com", "lastName": .string(String(repeating: "x", count: 201)),
                "email": "ann\u{0}@example.com",
            ])
            #expect(response.status == .badRequest)
            #expect(Set(response.problemFields) == ["firstName", "lastName", "email"])
            #expect(response.json["error"]?["details"]?.arrayValue?.first?["problem"]?.stringValue?.contains("control characters") == true)
            let id = try await client.send(.put, "/api/v1/contacts/a%0Db", json: [:])
            #expect(id.status == .badRequest)
            #expect(id.problemFields == ["id"])
            let bidi = try await client.send(.put, "/api/v1/contacts/ann", json: ["lastName": "evil\u{202E}txt.exe"])
            #expect(bidi.problemFields == ["lastName"])
            #expect(try await client.send(.get, "/api/v1/contacts/ann").status == .notFound)
        }
    }
}
