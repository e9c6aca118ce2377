import Crypto
import FlintCore
import Foundation

/// Signs and checks tracking tokens: `base64url(payload).base64url(HMAC-SHA256(payload)[0..<16])`,
/// with a key Flint generates once and keeps in its database.
public struct TrackingSigner: Sendable {
    /// Tokens past this length are refused unread.
    static let maximumTokenLength = 8192
    /// The key's bytes (`SymmetricKey` is not `Sendable`; one is made per use, which is cheap).
    private let keyData: Data

    public init(secret: String) {
        keyData = Data(SHA256.hash(data: Data(secret.utf8)))
    }

    public func token(for token: TrackingToken) -> String {
        let payload = Data(token.payload.utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(tag(of: payload))
    }

    /// The token, or nil when it is malformed, truncated or tampered with.
    public func verify(_ text: String) -> TrackingToken? {
        guard text.utf8.count <= Self.maximumTokenLength else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let payload = Base64URL.decode(parts[0]).map({ Data($0) }), let tag = Base64URL.decode(parts[1])
        else { return nil }
        let expected = self.tag(of: payload)
        guard tag.count == expected.count else { return nil }
        // Constant time: every byte is compared whatever the first difference.
        var difference: UInt8 = 0
        for (left, right) in zip(tag, expected) { difference |= left ^ right }
        guard difference == 0, let text = String(data: payload, encoding: .utf8) else { return nil }
        return TrackingToken(payload: text)
    }

    private func tag(of payload: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: keyData)).prefix(16))
    }
}
