import FlintCore
import Foundation

extension User {
    /// A user as `/api/v1/users` shows them; the password hash never leaves the store.
    var json: JSONValue {
        [
            "id": .string(id), "email": .string(email), "role": .string(role.rawValue),
            "createdAt": .string(RFC3339.format(milliseconds: createdAt)),
        ]
    }
}
