import FlintCore
import Hummingbird
import NIOCore

/// A JSON answer, as status, headers and the body's bytes. Routes return it as a Hummingbird
/// ``Response``; the lean event path (``SingleEventChannelHandler``) writes it to the channel itself.
struct JSONReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    init(_ value: JSONValue, status: HTTPResponse.Status, headers: HTTPFields = [.contentType: "application/json"]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        value.write(into: &bytes)
        self.status = status
        self.headers = headers
        self.body = ByteBuffer(bytes: bytes)
    }

    var response: Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
