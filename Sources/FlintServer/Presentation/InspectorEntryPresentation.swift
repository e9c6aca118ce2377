import FlintCore
import Foundation

/// An inspector entry as `GET /api/v1/triggers/{name}/events` and the trigger page's live inspector
/// both receive it.
extension InspectorEntry {
    var json: JSONValue {
        [
            "messageId": messageId.map(JSONValue.string) ?? .null,
            "authId": authId.map(JSONValue.string) ?? .null,
            "receivedAt": .string(RFC3339.format(milliseconds: receivedAt)),
            "verdict": .string(verdict.rawValue),
            "problems": .array(problems.map { ["field": .string($0.field), "problem": .string($0.problem)] }),
            "attributes": attributes,
        ]
    }
}
