import CompressNIO
import FlintCore
import Foundation
import HTTPTypes
import NIOCore

/// How a JSON request body is read: its content type and encoding, a size limit, strict parsing.
/// Routes read through ``Hummingbird/Request/jsonBody(limit:maximumDepth:acceptsGzip:tooLarge:)``; the
/// lean event path, which collects its body itself, uses the reader directly.
struct JSONBodyReader {
    let limit: Int
    var maximumDepth = JSONParser.defaultMaximumDepth
    /// Whether `Content-Encoding: gzip` bodies are inflated (`limit` then bounds the inflated size too).
    var acceptsGzip = false
    /// The error code for a body over `limit`.
    var tooLarge = ErrorCode.payloadTooLarge

    var tooLargeError: FlintError { FlintError(tooLarge, "The body may be at most \(limit / 1024) KB") }

    /// Checks what the headers say before the body is read: its type, its encoding, its declared
    /// length. Returns whether the body is gzip-encoded.
    ///
    /// Throws `unsupported_media_type` or the `tooLarge` error.
    func check(_ headers: HTTPFields) throws -> Bool {
        let isGzip = try checkEncodingAndType(headers)
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw tooLargeError }
        return isGzip
    }

    /// Parses a collected body; nil when it is empty.
    ///
    /// Throws `invalid_json` or the `tooLarge` error (for a gzip body that inflates past the limit).
    func parse(_ collected: ByteBuffer, isGzip: Bool) throws -> JSONValue? {
        var buffer = collected
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
    private func checkEncodingAndType(_ headers: HTTPFields) throws -> Bool {
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
