import Foundation

/// The proxies (load balancers, CDNs) allowed to say who the client is, through `X-Forwarded-For`.
///
/// A request from anyone else is that peer's own. A request from a trusted proxy is the client's at
/// the nearest hop of `X-Forwarded-For` that is not a trusted proxy, read from the right: each proxy
/// appends the address it saw, so entries left of the first untrusted one are whatever the client
/// chose to send and are never believed.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [AddressRange]

    public static let none = TrustedProxies(ranges: [])

    public init(ranges: [AddressRange]) {
        self.ranges = ranges
    }

    /// Parses `10.0.0.0/8, 192.168.1.10, fd00::/8`; throws the entries it cannot read.
    public init(parsing list: String) throws(TrustedProxiesError) {
        let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let ranges = entries.map { AddressRange($0) }
        let unreadable = zip(entries, ranges).filter { $0.1 == nil }.map(\.0)
        guard unreadable.isEmpty else { throw TrustedProxiesError(entries: unreadable) }
        self.init(ranges: ranges.compactMap { $0 })
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func trusts(_ address: IPAddress) -> Bool {
        // Only the IPv4-mapped form counts as its IPv4 address: trust must not widen to 6to4 or NAT64 addresses.
        ranges.contains { $0.contains(address) } || address.mappedIPv4.map { mapped in ranges.contains { $0.contains(mapped) } } == true
    }

    /// The client's address for a request from `peer` carrying `forwardedFor` (every `X-Forwarded-For`
    /// line, in order).
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        var client = peer
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let address = Self.address(of: hop) else { return client }
            client = address.description
            if !trusts(address) { return client }
        }
        return client
    }

    /// An `X-Forwarded-For` entry's address: `203.0.113.7`, `203.0.113.7:5123`, `2001:db8::1` or `[2001:db8::1]:443`.
    static func address(of hop: String) -> IPAddress? {
        if let address = IPAddress(hop) { return address }
        if hop.hasPrefix("["), let end = hop.firstIndex(of: "]") { return IPAddress(String(hop[hop.index(after: hop.startIndex)..<end])) }
        if let colon = hop.lastIndex(of: ":"), hop.firstIndex(of: ":") == colon { return IPAddress(String(hop[..<colon])) }
        return nil
    }
}

public struct TrustedProxiesError: Error, Sendable, Equatable, CustomStringConvertible {
    public let entries: [String]
    public init(entries: [String]) { self.entries = entries }
    public var description: String { "not addresses or CIDR ranges: \(entries.joined(separator: ", "))" }
}
