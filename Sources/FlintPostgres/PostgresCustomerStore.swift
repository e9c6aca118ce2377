import FlintCore
import Logging
import PostgresNIO

/// ``CustomerStore`` on the `customers` table, keyed by type and id; attributes and consent are JSON
/// columns (``Consent/storedJSON``).
public struct PostgresCustomerStore: CustomerStore {
    let client: PostgresClient
    let logger: Logger

    public func upsert(_ customer: Customer, at time: Int64) async throws -> Bool {
        try await client.withConnection { try await Self.upsert(customer, at: time, on: $0, logger: logger) }
    }

    /// Creates or replaces `customer`; true when it was created. (`xmax = 0` only on a row this
    /// statement inserted.)
    static func upsert(_ customer: Customer, at time: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query(
            """
            INSERT INTO customers (id, type, email, phone, first_name, last_name, attributes, consent, created_at, updated_at)
            VALUES (\(customer.id), \(customer.type.rawValue), \(customer.email), \(customer.phone), \(customer.firstName),
                \(customer.lastName), \(JSONValue.object(customer.attributes).serialized()), \(customer.consent.storedJSON), \(time), \(time))
            ON CONFLICT (type, id) DO UPDATE SET
                email = excluded.email, phone = excluded.phone, first_name = excluded.first_name, last_name = excluded.last_name,
                attributes = excluded.attributes, consent = excluded.consent, updated_at = excluded.updated_at
            RETURNING xmax = 0
            """, logger: logger
        ).decode(Bool.self).first() ?? false
    }

    /// Applies `change` to the consent stored now (the row locked meanwhile); false when the customer
    /// does not exist.
    static func changeConsent(_ change: ConsentChange, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let stored = try await connection.query(
            "SELECT consent FROM customers WHERE type = \(change.type.rawValue) AND id = \(change.id) FOR UPDATE", logger: logger
        ).decode(String.self).first()
        guard let stored else { return false }
        let consent = change.applied(to: try Consent(storedJSON: stored))
        try await connection.query(
            """
            UPDATE customers SET consent = \(consent.storedJSON), updated_at = \(change.at)
            WHERE type = \(change.type.rawValue) AND id = \(change.id)
            """, logger: logger)
        return true
    }

    public func customer(type: CustomerType, id: String) async throws -> Customer? {
        try await client.query("SELECT * FROM customers WHERE type = \(type.rawValue) AND id = \(id)", logger: logger)
            .collect().first.map { try Self.customer(from: $0, type: type) }
    }

    public func customers(type: CustomerType, ids: Set<String>) async throws -> [String: Customer] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await client.query(
            "SELECT * FROM customers WHERE type = \(type.rawValue) AND id = ANY(\(Array(ids)))", logger: logger
        ).collect()
        var found: [String: Customer] = [:]
        for row in rows {
            let customer = try Self.customer(from: row, type: type)
            found[customer.id] = customer
        }
        return found
    }

    private static func customer(from row: PostgresRow, type: CustomerType) throws -> Customer {
        let row = row.columns
        let attributes = try JSONParser.parse(try row.value("attributes", as: String.self), maximumDepth: 64)
        return Customer(
            id: try row.value("id"), type: type, email: try row.value("email"), phone: try row.value("phone"),
            firstName: try row.value("first_name"), lastName: try row.value("last_name"), attributes: attributes.objectValue ?? [:],
            consent: try Consent(storedJSON: try row.value("consent")))
    }
}
