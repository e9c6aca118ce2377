import FlintCore
import FlintEngine
import Foundation
import Testing

@Suite("IngestionKeyService.authenticate")
struct IngestionKeyServiceAuthenticationTests {
    static let shop = "https://shop.example"

    func create(
        _ harness: KeyServiceHarness, _ kind: IngestionKey.Kind, origins: [String] = [], rateLimit: Double? = nil
    ) async throws -> IngestionKeyService.IssuedKey {
        try await harness.service.create(IngestionKeyRequest(name: "key", kind: kind, allowedOrigins: origins, rateLimit: rateLimit))
    }

    @Test(arguments: IngestionKey.Kind.allCases)
    func theIssuedValueAuthenticatesItsKey(kind: IngestionKey.Kind) async throws {
        let harness = KeyServiceHarness()
        _ = try await create(harness, kind)
        let issued = try await create(harness, kind)
        #expect(try harness.service.authenticate(token: issued.value, origin: nil) == issued.key)
    }

    @Test func aWrongSecretWithAKnownPrefixIsUnauthorized() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .secret)
        let last = issued.value.last!
        let forged = String(issued.value.dropLast()) + (last == "A" ? "B" : "A")
        #expect(KeyFormat.prefix(of: forged) == issued.key.prefix)
        #expect(harness.authenticationError(forged)?.code == .unauthorized)
        #expect(harness.authenticationError(issued.value) == nil)
    }

    @Test func malformedOrMissingTokensAreUnauthorized() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .secret)
        let tokens: [String?] = [
            nil, "", "Bearer " + issued.value, issued.value + "A", String(issued.value.dropLast()), "flk_sec_",
            issued.value.replacingOccurrences(of: "flk_sec_", with: "flk_xyz_"),
            String(issued.value.dropLast()) + "-", " " + issued.value,
        ]
        for token in tokens {
            #expect(harness.authenticationError(token)?.code == .unauthorized, "token \(String(describing: token))")
        }
    }

    @Test func aWellFormedButUnknownKeyIsUnauthorized() async throws {
        let harness = KeyServiceHarness()
        _ = try await create(harness, .secret)
        var generator = SystemRandomNumberGenerator()
        let stranger = KeyFormat.generate(kind: .secret, using: &generator)
        #expect(harness.authenticationError(stranger)?.code == .unauthorized)
    }

    @Test func aPublishableKeyAcceptsOnlyItsOriginsOrNoOrigin() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .publishable, origins: [Self.shop])
        #expect(harness.authenticationError(issued.value, origin: Self.shop) == nil)
        #expect(harness.authenticationError(issued.value, origin: "HTTPS://Shop.Example") == nil)
        #expect(harness.authenticationError(issued.value, origin: nil) == nil)
        for origin in ["https://evil.example", "http://shop.example", "https://shop.example:8443", "null", ""] {
            #expect(harness.authenticationError(issued.value, origin: origin)?.code == .originNotAllowed, "origin \(origin)")
        }
    }

    @Test func aPublishableKeyWithoutOriginsRefusesEveryBrowser() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .publishable)
        #expect(harness.authenticationError(issued.value, origin: Self.shop)?.code == .originNotAllowed)
        #expect(harness.authenticationError(issued.value, origin: nil) == nil)
    }

    @Test func aSecretKeyIsRefusedFromABrowser() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .secret)
        #expect(harness.authenticationError(issued.value, origin: Self.shop)?.code == .originNotAllowed)
        #expect(harness.authenticationError(issued.value, origin: nil) == nil)
    }

    @Test func aRevokedKeyIsUnauthorizedBeforeItsOriginIsChecked() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .secret)
        try await harness.service.revoke(id: issued.key.id)
        #expect(harness.authenticationError(issued.value, origin: Self.shop)?.code == .unauthorized)
    }

    /// The token bucket runs on the monotonic clock, not the injected one, so this relies on the
    /// three calls happening within half a second.
    @Test func theThirdImmediateRequestOverTwoPerSecondIsRateLimited() async throws {
        let harness = KeyServiceHarness()
        let limited = try await create(harness, .secret, rateLimit: 2)
        let unlimited = try await create(harness, .secret)
        #expect(harness.authenticationError(limited.value) == nil)
        #expect(harness.authenticationError(limited.value) == nil)
        let error = try #require(harness.authenticationError(limited.value))
        #expect(error.code == .rateLimited)
        #expect((error.retryAfter ?? 0) >= 1)
        for _ in 0..<10 { #expect(harness.authenticationError(unlimited.value) == nil) }
    }

    @Test func isOriginAllowedByAnyKeyConsidersOnlyActivePublishableKeys() async throws {
        let harness = KeyServiceHarness()
        _ = try await create(harness, .secret)
        #expect(!harness.service.isOriginAllowedByAnyKey(Self.shop))
        let issued = try await create(harness, .publishable, origins: [Self.shop])
        _ = try await create(harness, .publishable, origins: ["https://blog.example"])
        #expect(harness.service.isOriginAllowedByAnyKey(Self.shop))
        #expect(harness.service.isOriginAllowedByAnyKey("HTTPS://SHOP.example"))
        #expect(harness.service.isOriginAllowedByAnyKey("https://blog.example"))
        #expect(!harness.service.isOriginAllowedByAnyKey("https://evil.example"))
        #expect(!harness.service.isOriginAllowedByAnyKey("not an origin"))

        try await harness.service.revoke(id: issued.key.id)
        #expect(!harness.service.isOriginAllowedByAnyKey(Self.shop))
        #expect(harness.service.isOriginAllowedByAnyKey("https://blog.example"))
    }

    @Test func anExpiredRotatedKeyNoLongerAllowsItsOrigin() async throws {
        let harness = KeyServiceHarness()
        let issued = try await create(harness, .publishable, origins: [Self.shop])
        let replacement = try await harness.service.rotate(id: issued.key.id, graceSeconds: 0)
        #expect(harness.service.isOriginAllowedByAnyKey(Self.shop))
        try await harness.service.revoke(id: replacement.key.id)
        #expect(!harness.service.isOriginAllowedByAnyKey(Self.shop))
    }
}
