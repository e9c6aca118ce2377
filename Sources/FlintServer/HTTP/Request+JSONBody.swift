import CompressNIO
import FlintCore
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Reads the body as JSON: checks the content type, enforces `limit` bytes, parses strictly.
    ///
    /// Throws `unsupported_media_type`, `payload_too_large` or `invalid_json`.
    func jsonBody(
        limit: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth, acceptsGzip: Bool = false, tooLarge: ErrorCode = .payloadTooLarge
    ) async throws -> JSONValue {
        guard let value = try await optionalJSONBody(limit: limit, maximumDepth: maximumDepth, acceptsGzip: acceptsGzip, tooLarge: tooLarge) else {
            throw FlintError(.invalidJSON, "The body is empty; send a JSON object")
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
        let tooLargeError = FlintError(tooLarge, "The body may be at most \(limit / 1024) KB")
        let isGzip = try checkJSONContentType(acceptsGzip: acceptsGzip)
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw tooLargeError }
        var buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLargeError
        }
        if isGzip, buffer.readableBytes > 0 {
            do {
                buffer = try buffer.decompress(with: .gzip(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw tooLargeError
            } catch {
                throw FlintError(.invalidJSON, "The body is not valid gzip")
            }
            // `maxSize` caps the buffer's capacity, which NIO rounds up: check the inflated size itself.
            if buffer.readableBytes > limit { throw tooLargeError }
        }
        if buffer.readableBytes == 0 { return nil }
        do {
            return try buffer.withUnsafeReadableBytes { try JSONParser.parse($0, maximumDepth: maximumDepth) }
        } catch let error as JSONParseError {
            throw FlintError.invalidJSON(error)
        }
    }

    /// JSON bodies may be labelled `application/json`, `application/*+json`, or `text/plain`
    /// (what `navigator.sendBeacon` sends without a CORS preflight); a missing type is read as JSON.
    /// Returns whether the body is gzip-encoded.
    private func checkJSONContentType(acceptsGzip: Bool) throws -> Bool {
        var isGzip = false
        if let encoding = headers[.contentEncoding]?.lowercased(), encoding != "identity" {
            guard acceptsGzip, encoding == "gzip" else {
                throw FlintError(.unsupportedMediaType, "Content-Encoding \(encoding.prefix(40)) is not supported here; send plain JSON")
            }
            isGzip = true
        }
        guard let contentType = headers[.contentType], contentType != "application/json" else { return isGzip }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || mediaType == "text/plain"
            || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw FlintError(.unsupportedMediaType, "Send the body as Content-Type: application/json, not \(contentType.prefix(80))")
        }
        return isGzip
    }
}
