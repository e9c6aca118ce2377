/// One record of an entity (an order, a booking), owned by a customer, with its fields as validated
/// against the entity. `version` counts writes that changed it, from 1.
public struct EntityRecord: Sendable, Equatable {
    public var entity: String
    public var id: String
    public var customerId: String
    public var fields: JSONObject
    public var version: Int
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(entity: String, id: String, customerId: String, fields: JSONObject, version: Int, createdAt: Int64, updatedAt: Int64) {
        self.entity = entity
        self.id = id
        self.customerId = customerId
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `{entity}/{id}`: the binding id of the record triggers' events, so a journey waiting on another
    /// trigger about the same record matches it.
    public var bindingId: String { "\(entity)/\(id)" }

    /// The API shape: `{"entity", "id", "customerId", "fields", "version", "createdAt", "updatedAt"}`.
    public var json: JSONValue {
        [
            "entity": .string(entity), "id": .string(id), "customerId": .string(customerId), "fields": .object(fields),
            "version": .number(Double(version)), "createdAt": .string(RFC3339.format(milliseconds: createdAt)),
            "updatedAt": .string(RFC3339.format(milliseconds: updatedAt)),
        ]
    }
}
