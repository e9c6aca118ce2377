/// The shape of ingestion keys: `flk_pub_` or `flk_sec_`, an 8-character lookup id, a 32-character secret.
///
/// The fixed prefix makes a leaked key easy to spot (and to scan for); the lookup id lets Flint find
/// the stored hash without comparing against every key.
public enum KeyFormat {
    public static let publishablePrefix = "flk_pub_"
    public static let secretPrefix = "flk_sec_"
    public static let lookupLength = 8
    public static let secretLength = 32
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new random key of `kind`.
    public static func generate<R: RandomNumberGenerator>(kind: IngestionKey.Kind, using generator: inout R) -> String {
        let prefix = kind == .publishable ? publishablePrefix : secretPrefix
        return prefix + randomString(length: lookupLength + secretLength, using: &generator)
    }

    /// The displayable, loggable prefix of a well-formed key (kind prefix + lookup id), or nil.
    public static func prefix(of key: String) -> String? {
        let utf8 = key.utf8
        let kindLength = publishablePrefix.utf8.count
        // After the kind prefix only base62 may follow; `_` belongs to the kind prefix alone.
        guard utf8.count == kindLength + lookupLength + secretLength,
            key.hasPrefix(publishablePrefix) || key.hasPrefix(secretPrefix),
            utf8.dropFirst(kindLength).allSatisfy(isBase62)
        else { return nil }
        return String(decoding: utf8.prefix(kindLength + lookupLength), as: UTF8.self)
    }

    static func isBase62(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// A random base62 string; rejection sampling keeps every character equally likely.
    public static func randomString<R: RandomNumberGenerator>(length: Int, using generator: inout R) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        while bytes.count < length {
            let value = UInt8.random(in: 0...255, using: &generator)
            if value < 248 { bytes.append(alphabet[Int(value % 62)]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
