import Foundation
import Hummingbird

extension HTTPFields {
    /// The token of an `Authorization: Bearer <token>` header, parsed strictly: the scheme (any case),
    /// exactly one space, then one RFC 6750 `b64token` (`A-Z a-z 0-9 - . _ ~ + /`, then `=` padding) and
    /// nothing after it. Anything else, extra spaces or a trailing word included, is no token at all.
    /// Parsed by hand on UTF-8: it runs for every ingestion request.
    var bearerToken: String? {
        guard let value = self[.authorization] else { return nil }
        return Self.credentials(of: value, scheme: "bearer").flatMap { token in
            B64Token.isValid(token) ? String(Substring(token)) : nil
        }
    }

    /// The user name of `Authorization: Basic base64(user:password)`: Segment puts the write key there.
    /// The same strict shape as ``bearerToken``, with one base64 credential.
    var basicUser: String? {
        guard let value = self[.authorization], let credential = Self.credentials(of: value, scheme: "basic"),
            B64Token.isValid(credential),
            let data = Data(base64Encoded: String(Substring(credential))),
            let decoded = String(data: data, encoding: .utf8)
        else { return nil }
        let user = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return user.isEmpty ? nil : user
    }

    /// What follows `<scheme> ` (scheme compared ignoring case, exactly one space); nil when the header
    /// has another scheme or nothing after the space.
    static func credentials(of value: String, scheme: String) -> Substring.UTF8View? {
        let utf8 = value.utf8
        let name = scheme.utf8
        guard utf8.count > name.count + 1,
            zip(utf8.prefix(name.count), name).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        let rest = Substring(value).utf8.dropFirst(name.count)
        guard rest.first == UInt8(ascii: " ") else { return nil }
        return rest.dropFirst()
    }
}
