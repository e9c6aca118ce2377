import FlintCore
import Testing

@Suite("Trusted proxies")
struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.10, fd00::/8")

    @Test(arguments: [
        // An untrusted peer is the client, whatever it forwards.
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),
        // A trusted peer: the nearest untrusted hop from the right.
        ("10.1.2.3", ["198.51.100.1"], "198.51.100.1"),
        ("10.1.2.3", ["6.6.6.6, 198.51.100.1, 192.168.1.10"], "198.51.100.1"),
        ("10.1.2.3", ["6.6.6.6", "198.51.100.1"], "198.51.100.1"),
        // Ports and IPv6 brackets; IPv4-mapped peers are checked as IPv4.
        ("::ffff:10.0.0.1", ["198.51.100.1:5123"], "198.51.100.1"),
        // 6to4 and NAT64 forms of a trusted IPv4 address are not trusted.
        ("2002:a00:1::1", ["198.51.100.1"], "2002:a00:1::1"),
        ("64:ff9b::a00:1", ["198.51.100.1"], "64:ff9b::a00:1"),
        ("fd00::1", ["[2001:db8::7]:443"], "2001:db8::7"),
        // Every hop trusted: the leftmost; an unreadable hop stops at the last good one.
        ("10.0.0.1", ["10.0.0.2, 10.0.0.3"], "10.0.0.2"),
        ("10.0.0.1", ["<script>, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.1", ["198.51.100.1, unknown"], "10.0.0.1"),
        ("10.0.0.1", [], "10.0.0.1"),
    ])
    func theClientIsTheNearestUntrustedHop(peer: String, forwardedFor: [String], client: String) {
        #expect(Self.proxies.client(peer: peer, forwardedFor: forwardedFor) == client)
    }

    @Test func withoutProxiesThePeerIsTheClient() {
        #expect(TrustedProxies.none.client(peer: "10.0.0.1", forwardedFor: ["198.51.100.1"]) == "10.0.0.1")
    }

    @Test func unreadableEntriesAreNamed() {
        #expect(throws: TrustedProxiesError(entries: ["10.0.0.0/33", "proxy.internal"])) {
            try TrustedProxies(parsing: "10.0.0.0/33, 192.168.0.1, proxy.internal")
        }
    }
}
