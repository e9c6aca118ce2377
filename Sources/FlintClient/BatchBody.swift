import Foundation

/// The body of `POST /v1/events/batch`, assembled from events encoded one by one.
enum BatchBody {
    private static let prefix = Data(#"{"events":["#.utf8)
    private static let suffix = Data("]}".utf8)

    /// The size of a batch with no events; each event adds its size plus a comma after the first.
    static let emptySize = prefix.count + suffix.count

    static func make(_ events: [Data]) -> Data {
        var body = prefix
        body.reserveCapacity(emptySize + events.reduce(0) { $0 + $1.count + 1 })
        for (index, event) in events.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(event)
        }
        body.append(suffix)
        return body
    }
}
