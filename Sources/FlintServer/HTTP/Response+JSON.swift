import FlintCore
import Foundation
import Hummingbird

extension Response {
    /// A JSON response from a ``JSONValue``; the fast path used by ingestion.
    static func json(_ value: JSONValue, status: HTTPResponse.Status, headers: HTTPFields = [.contentType: "application/json"]) -> Response {
        JSONReply(value, status: status, headers: headers).response
    }

    /// A JSON response from an `Encodable` value; for the management API.
    static func json(encoding value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
