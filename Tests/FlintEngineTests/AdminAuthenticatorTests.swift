import FlintCore
import FlintEngine
import Testing

@Suite("AdminAuthenticator")
struct AdminAuthenticatorTests {
    @Test func aConfiguredTokenIsUsedAndNothingIsStored() async throws {
        let settings = InMemorySettingsStore()
        let (authenticator, generated) = try await AdminAuthenticator.bootstrap(configuredToken: "configured-token", settings: settings)
        #expect(generated == nil)
        #expect(authenticator.isValid("configured-token"))
        #expect(!authenticator.isValid("configured-tokem"))
        #expect(!authenticator.isValid(""))
        #expect(settings.all.isEmpty)
    }

    @Test func aConfiguredTokenWinsOverAStoredOne() async throws {
        let settings = InMemorySettingsStore()
        let (_, generated) = try await AdminAuthenticator.bootstrap(configuredToken: nil, settings: settings)
        let first = try #require(generated)
        let (authenticator, again) = try await AdminAuthenticator.bootstrap(configuredToken: "configured-token", settings: settings)
        #expect(again == nil)
        #expect(authenticator.isValid("configured-token"))
        #expect(!authenticator.isValid(first))
    }

    @Test(arguments: [nil, ""] as [String?])
    func withoutAConfiguredTokenOneIsGeneratedOnceAndStoredAsAHash(configured: String?) async throws {
        let settings = InMemorySettingsStore()
        let (authenticator, generated) = try await AdminAuthenticator.bootstrap(configuredToken: configured, settings: settings)
        let token = try #require(generated)
        #expect(token.count >= 40)
        #expect(authenticator.isValid(token))
        #expect(!authenticator.isValid(""))
        #expect(Array(settings.all.values) == [SecretHash.hex(token)])
        #expect(!settings.all.values.contains(token))

        let (restarted, none) = try await AdminAuthenticator.bootstrap(configuredToken: configured, settings: settings)
        #expect(none == nil)
        #expect(restarted.isValid(token))
        #expect(!restarted.isValid(token + "x"))
        #expect(settings.all.count == 1)
    }

    @Test func concurrentFirstStartsAgreeOnOneToken() async throws {
        let settings = InMemorySettingsStore()
        let results = try await withThrowingTaskGroup(of: (AdminAuthenticator, String?).self) { group in
            for _ in 0..<8 { group.addTask { try await AdminAuthenticator.bootstrap(configuredToken: nil, settings: settings) } }
            var results: [(AdminAuthenticator, String?)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let tokens = results.compactMap(\.1)
        try #require(tokens.count == 1)
        #expect(results.allSatisfy { $0.0.isValid(tokens[0]) })
    }
}
