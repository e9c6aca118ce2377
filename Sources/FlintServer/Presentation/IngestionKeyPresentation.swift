import FlintCore
import Foundation

extension IngestionKey {
    /// The API shape; `value` is the whole key, given only at creation (and for publishable keys).
    func json(value: String?) -> JSONValue {
        [
            "id": .string(id),
            "name": .string(name),
            "kind": .string(kind.rawValue),
            "key": value.map(JSONValue.string) ?? .null,
            "prefix": .string(prefix),
            "allowedOrigins": .array(allowedOrigins.map(JSONValue.string)),
            "rateLimit": rateLimit.map(JSONValue.number) ?? .null,
            "createdAt": .string(RFC3339.format(createdAt)),
            "expiresAt": expiresAt.map { .string(RFC3339.format($0)) } ?? .null,
        ]
    }
}
