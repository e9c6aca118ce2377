import Foundation
import Testing
import FlintCore

@Suite("IngestionKey")
struct IngestionKeyTests {
    static let created = Date(timeIntervalSince1970: 1_795_687_200)

    func key(expiresAt: Date? = nil, revokedAt: Date? = nil) -> IngestionKey {
        IngestionKey(
            id: "key-1", name: "web shop", kind: .publishable, prefix: "flk_pub_AbCd1234", secretHash: "00",
            publishableKey: nil, allowedOrigins: [], rateLimit: nil, createdAt: Self.created, expiresAt: expiresAt,
            revokedAt: revokedAt)
    }

    @Test func aKeyWithoutExpiryOrRevocationIsActive() {
        #expect(key().isActive(at: Self.created))
        #expect(key().isActive(at: Self.created.addingTimeInterval(10 * 365 * 86_400)))
    }

    @Test func aRotatedKeyWorksUntilItExpires() {
        let expiry = Self.created.addingTimeInterval(3_600)
        #expect(key(expiresAt: expiry).isActive(at: expiry.addingTimeInterval(-0.001)))
        #expect(!key(expiresAt: expiry).isActive(at: expiry))
        #expect(!key(expiresAt: expiry).isActive(at: expiry.addingTimeInterval(1)))
    }

    @Test func aRevokedKeyStopsAtOnce() {
        let revoked = Self.created.addingTimeInterval(60)
        #expect(!key(revokedAt: revoked).isActive(at: revoked))
        #expect(!key(revokedAt: revoked).isActive(at: Self.created))
        #expect(!key(expiresAt: revoked.addingTimeInterval(3_600), revokedAt: revoked).isActive(at: revoked))
    }
}
