import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one HTTP request and returns the answer; the client's only way to the network.
///
/// Tests and apps with their own HTTP stack provide their own; ``URLSessionTransport`` is the default.
public protocol FlintTransport: Sendable {
    /// Sends `request` and returns the status code, the header fields and the body.
    /// Throws when there is no answer at all (the client then retries).
    func send(_ request: URLRequest) async throws -> (Int, [String: String], Data)
}

/// A ``FlintTransport`` on `URLSession`, for Apple platforms and Linux alike.
@available(iOS 15, tvOS 15, watchOS 8, *)
public struct URLSessionTransport: FlintTransport {
    /// The session requests go through.
    public let session: URLSession

    /// Makes a transport on `session`.
    public init(session: URLSession = .shared) {
        self.session = session
    }

    /// Sends `request` with `URLSession.data(for:)`.
    public func send(_ request: URLRequest) async throws -> (Int, [String: String], Data) {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw URLError(.badServerResponse)
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return (http.statusCode, headers, data)
    }
}
