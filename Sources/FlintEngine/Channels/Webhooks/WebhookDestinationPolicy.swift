import FlintCore
/// Where webhooks may connect. Loopback, private, link-local (cloud metadata at 169.254.169.254),
/// carrier-grade NAT, multicast and reserved addresses are refused unless `FLINT_WEBHOOK_ALLOWED_HOSTS`
/// names the host, the address or a range holding it: a journey author must not be able to make
/// Flint call its own admin API or other services inside the network (SSRF).
public struct WebhookDestinationPolicy: Sendable {
    /// Host names allowed whatever they resolve to (lower-cased).
    let allowedHosts: Set<String>
    let allowedRanges: [AddressRange]

    /// Ranges no webhook may reach by default.
    static let internalRanges: [AddressRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].map { AddressRange($0)! }

    /// `entries` are host names, addresses or CIDR ranges, as in `FLINT_WEBHOOK_ALLOWED_HOSTS`.
    public init(allowing entries: [String] = []) {
        var hosts: Set<String> = []
        var ranges: [AddressRange] = []
        for entry in entries {
            if let range = AddressRange(entry) { ranges.append(range) } else { hosts.insert(entry.lowercased()) }
        }
        allowedHosts = hosts
        allowedRanges = ranges
    }

    /// Whether `host` (as written in the URL) is allowed whatever it resolves to.
    public func allowsHostName(_ host: String) -> Bool {
        allowedHosts.contains(host.lowercased())
    }

    /// Why a webhook may not connect to `address`, or nil when it may.
    public func refusal(for address: IPAddress) -> String? {
        if allowedRanges.contains(where: { $0.contains(address) }) { return nil }
        if let embedded = address.embeddedIPv4 {
            if allowedRanges.contains(where: { $0.contains(embedded) }) { return nil }
            if let reason = Self.internalReason(embedded) { return reason }
        }
        return Self.internalReason(address)
    }

    private static func internalReason(_ address: IPAddress) -> String? {
        guard internalRanges.contains(where: { $0.contains(address) }) else { return nil }
        return "\(address) is a loopback, private, link-local or reserved address; "
            + "webhooks may reach it only when FLINT_WEBHOOK_ALLOWED_HOSTS names it"
    }
}
