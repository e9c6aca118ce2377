import FlintCore
import Hummingbird
import NIOCore

extension Request {
    /// Reads the body as JSON: checks the content type, enforces `limit` bytes, parses strictly
    /// (``JSONBodyReader``).
    ///
    /// Throws `unsupported_media_type`, `payload_too_large` or `invalid_json`.
    func jsonBody(
        limit: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth, acceptsGzip: Bool = false, tooLarge: ErrorCode = .payloadTooLarge
    ) async throws -> JSONValue {
        guard let value = try await optionalJSONBody(limit: limit, maximumDepth: maximumDepth, acceptsGzip: acceptsGzip, tooLarge: tooLarge) else {
            throw FlintError.emptyBody
        }
        return value
    }

    /// Like ``jsonBody(limit:)``, but an empty body is nil rather than an error.
    ///
    /// - Parameters:
    ///   - acceptsGzip: whether `Content-Encoding: gzip` bodies are inflated (`limit` then bounds the inflated size too).
    ///   - tooLarge: the error code for a body over `limit`.
    func optionalJSONBody(
        limit: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth, acceptsGzip: Bool = false,
        tooLarge: ErrorCode = .payloadTooLarge
    ) async throws -> JSONValue? {
        let reader = JSONBodyReader(limit: limit, maximumDepth: maximumDepth, acceptsGzip: acceptsGzip, tooLarge: tooLarge)
        let isGzip = try reader.check(headers)
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw reader.tooLargeError
        }
        return try reader.parse(buffer, isGzip: isGzip)
    }
}

extension FlintError {
    /// The answer to a request with no body where a JSON object is required.
    static let emptyBody = FlintError(.invalidJSON, "The body is empty; send a JSON object")
}
