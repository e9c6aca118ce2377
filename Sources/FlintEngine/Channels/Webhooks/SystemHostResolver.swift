import FlintCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system resolver (`getaddrinfo`), run on NIO's blocking-I/O thread pool.
public struct SystemHostResolver: HostResolver {
    public init() {}

    public func addresses(of host: String) async throws(DeliveryError) -> [IPAddress] {
        let result: Result<[IPAddress], DeliveryError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { Self.resolve(host) }
        } catch {
            throw DeliveryError("could not resolve \(host): \(error)", isTransient: true)
        }
        return try result.get()
    }

    static func resolve(_ host: String) -> Result<[IPAddress], DeliveryError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            // EAI_AGAIN is the resolver being unreachable, worth another try; the rest mean no such host.
            return .failure(DeliveryError("could not resolve \(host): \(reason)", isTransient: status == EAI_AGAIN))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let sockaddr = current.pointee.ai_addr {
                switch Int32(current.pointee.ai_family) {
                case AF_INET:
                    var address = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    if let parsed = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) { addresses.append(parsed) }
                case AF_INET6:
                    var address = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    if let parsed = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) { addresses.append(parsed) }
                default:
                    break
                }
            }
            node = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { return .failure(DeliveryError("\(host) has no address", isTransient: false)) }
        return .success(addresses)
    }
}
