import FlintCore
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Reads the body as JSON: checks the content type, enforces `limit` bytes, parses strictly.
    ///
    /// Throws `unsupported_media_type`, `payload_too_large` or `invalid_json`.
    func jsonBody(limit: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth) async throws -> JSONValue {
        guard let value = try await optionalJSONBody(limit: limit, maximumDepth: maximumDepth) else {
            throw FlintError(.invalidJSON, "The body is empty; send a JSON object")
        }
        return value
    }

    /// Like ``jsonBody(limit:)``, but an empty body is nil rather than an error.
    func optionalJSONBody(limit: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth) async throws -> JSONValue? {
        try checkJSONContentType()
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw FlintError(.payloadTooLarge, "The body may be at most \(limit / 1024) KB")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw FlintError(.payloadTooLarge, "The body may be at most \(limit / 1024) KB")
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
    private func checkJSONContentType() throws {
        if let encoding = headers[.contentEncoding], encoding.lowercased() != "identity" {
            throw FlintError(.unsupportedMediaType, "Content-Encoding \(encoding.prefix(40)) is not supported here; send plain JSON")
        }
        guard let contentType = headers[.contentType], contentType != "application/json" else { return }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || mediaType == "text/plain"
            || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw FlintError(.unsupportedMediaType, "Send the body as Content-Type: application/json, not \(contentType.prefix(80))")
        }
    }
}
