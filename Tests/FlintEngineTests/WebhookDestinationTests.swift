import AsyncHTTPClient
import FlintCore
@testable import FlintEngine
import Testing

/// A resolver with fixed answers, counting how often it is asked.
struct FixedResolver: HostResolver {
    let answers: [String: [String]]

    func addresses(of host: String) async throws(DeliveryError) -> [IPAddress] {
        guard let answer = answers[host] else { throw DeliveryError("no such host \(host)", isTransient: false) }
        return answer.compactMap(IPAddress.init)
    }
}

@Suite("Webhook destinations (SSRF)")
struct WebhookDestinationTests {
    let policy = WebhookDestinationPolicy()

    @Test(arguments: [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::abcd", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::127.0.0.1",
    ])
    func refusesInternalAddresses(_ address: String) throws {
        let parsed = try #require(IPAddress(address))
        #expect(policy.refusal(for: parsed) != nil, "\(address) must be refused")
    }

    @Test(arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "1.1.1.1"])
    func allowsPublicAddresses(_ address: String) throws {
        #expect(policy.refusal(for: try #require(IPAddress(address))) == nil, "\(address) must be allowed")
    }

    @Test func theAllowListOpensHostsAddressesAndRanges() throws {
        let open = WebhookDestinationPolicy(allowing: ["127.0.0.1", "10.0.0.0/8", "Hooks.Internal", "fd00::/8"])
        #expect(open.refusal(for: try #require(IPAddress("127.0.0.1"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("127.0.0.2"))) != nil)
        #expect(open.refusal(for: try #require(IPAddress("10.200.3.4"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("::ffff:10.0.0.1"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("fd12::1"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("192.168.0.1"))) != nil)
        #expect(open.allowsHostName("hooks.internal"))
    }

    @Test func refusesAHostWithAnyInternalAddress() async throws {
        let resolver = FixedResolver(answers: ["rebind.example": ["93.184.216.34", "127.0.0.1"], "meta.example": ["169.254.169.254"]])
        for url in ["http://rebind.example/hook", "https://meta.example/latest/meta-data", "http://127.0.0.1:8080/api/v1/triggers",
                    "http://[::1]/x"] {
            await expectRefused(url, resolver: resolver)
        }
    }

    /// Numeric forms that are not dotted quads, which the system resolver reads as 127.0.0.1 (no network needed).
    @Test func refusesLoopbackSpelledOtherwise() async {
        for url in ["http://0x7f.0.0.1/x", "http://2130706433/x", "http://127.1/x"] {
            await expectRefused(url, resolver: SystemHostResolver())
        }
    }

    func expectRefused(_ url: String, resolver: any HostResolver, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            let destination = try await WebhookDestination.resolve(url, policy: policy, resolver: resolver)
            Issue.record("\(url) must be refused, got \(destination)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.contains("FLINT_WEBHOOK_ALLOWED_HOSTS"), "\(url): \(error.message)", sourceLocation: sourceLocation)
            #expect(!error.isTransient, sourceLocation: sourceLocation)
        }
    }

    @Test func plainHTTPConnectsToTheCheckedAddress() async throws {
        let resolver = FixedResolver(answers: ["hooks.example": ["93.184.216.34"]])
        let destination = try await WebhookDestination.resolve("http://hooks.example:8080/in?x=1&y=%20", policy: policy, resolver: resolver)
        #expect(destination.connectURL == "http://93.184.216.34:8080/in?x=1&y=%20")
        #expect(destination.hostHeader == "hooks.example:8080")
        let secure = try await WebhookDestination.resolve("https://hooks.example/in", policy: policy, resolver: resolver)
        #expect(secure.connectURL == "https://hooks.example/in")  // TLS checks the name, so the name stays
        #expect(secure.hostHeader == nil)
    }

    @Test func theSenderRefusesInternalDestinationsPermanentlyWithoutConnecting() async throws {
        let client = WebhookSender.makeClient()
        let sender = WebhookSender(client: client, secret: "s", clock: TestWallClock(), resolver: FixedResolver(answers: [:]))
        do {
            _ = try await sender.send(url: "http://127.0.0.1:9/hook", method: "POST", headers: [:], body: "{}", idempotencyKey: "k")
            Issue.record("a loopback webhook must be refused")
        } catch {
            #expect(!error.isTransient)
            #expect(error.message.contains("FLINT_WEBHOOK_ALLOWED_HOSTS"))
        }
        try await client.shutdown()
    }
}
