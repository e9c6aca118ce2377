import Crypto

/// SHA-256 hashing and constant-time comparison for high-entropy secrets (ingestion keys, admin tokens).
///
/// A fast hash is enough here: the secrets are 190-bit random strings, so there is nothing to brute-force.
public enum SecretHash {
    /// Lower-case hex SHA-256 of `secret`'s UTF-8 bytes.
    public static func hex(_ secret: String) -> String {
        hex(bytes: SHA256.hash(data: Array(secret.utf8)))
    }

    /// Lower-case hex of `bytes` (a digest, a MAC).
    public static func hex(bytes: some Sequence<UInt8>) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
