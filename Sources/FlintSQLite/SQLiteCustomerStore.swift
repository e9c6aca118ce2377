import FlintCore
import GRDB

/// ``CustomerStore`` on the `customers` table, keyed by type and id.
///
/// Attributes and consent are JSON columns; consent reads
/// `{"email": {"commercial": bool, "transactional": bool}, "sms": {...}}`, the shape of the API.
public struct SQLiteCustomerStore: CustomerStore {
    let pool: DatabasePool

    public func upsert(_ customer: Customer, at time: Int64) async throws -> Bool {
        try await pool.write { db in try Self.upsert(customer, at: time, db: db) }
    }

    /// Creates or replaces `customer` inside an open transaction; true when it was created.
    static func upsert(_ customer: Customer, at time: Int64, db: Database) throws -> Bool {
        let existed = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM customers WHERE type = ? AND id = ?)"),
            arguments: [customer.type.rawValue, customer.id]) ?? false
        try db.cachedStatement(
            sql: """
                INSERT INTO customers (id, type, email, phone, first_name, last_name, attributes, consent,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (type, id) DO UPDATE SET
                    email = excluded.email, phone = excluded.phone, first_name = excluded.first_name,
                    last_name = excluded.last_name, attributes = excluded.attributes, consent = excluded.consent,
                    updated_at = excluded.updated_at
                """
        ).execute(arguments: [
            customer.id, customer.type.rawValue, customer.email, customer.phone, customer.firstName,
            customer.lastName, JSONValue.object(customer.attributes).serialized(),
            customer.consent.storedJSON, time, time,
        ])
        return !existed
    }

    /// Applies `change` to the consent stored now; false when the customer does not exist.
    static func changeConsent(_ change: ConsentChange, db: Database) throws -> Bool {
        guard let stored = try String.fetchOne(
            db.cachedStatement(sql: "SELECT consent FROM customers WHERE type = ? AND id = ?"), arguments: [change.type.rawValue, change.id])
        else { return false }
        let consent = change.applied(to: try Consent(storedJSON: stored))
        try db.cachedStatement(sql: "UPDATE customers SET consent = ?, updated_at = ? WHERE type = ? AND id = ?")
            .execute(arguments: [consent.storedJSON, change.at, change.type.rawValue, change.id])
        return true
    }

    public func customer(type: CustomerType, id: String) async throws -> Customer? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM customers WHERE type = ? AND id = ?"), arguments: [type.rawValue, id])
                .map { try Self.customer(from: $0, type: type) }
        }
    }

    public func customers(type: CustomerType, ids: Set<String>) async throws -> [String: Customer] {
        guard !ids.isEmpty else { return [:] }
        return try await pool.read { db in
            var found: [String: Customer] = [:]
            let statement = try db.cachedStatement(sql: "SELECT * FROM customers WHERE type = ? AND id = ?")
            for id in ids {
                if let row = try Row.fetchOne(statement, arguments: [type.rawValue, id]) { found[id] = try Self.customer(from: row, type: type) }
            }
            return found
        }
    }

    private static func customer(from row: Row, type: CustomerType) throws -> Customer {
        let attributes = try JSONParser.parse(row["attributes"] as String, maximumDepth: 64)
        return Customer(
            id: row["id"], type: type, email: row["email"], phone: row["phone"], firstName: row["first_name"],
            lastName: row["last_name"], attributes: attributes.objectValue ?? [:],
            consent: try Consent(storedJSON: row["consent"]))
    }
}
