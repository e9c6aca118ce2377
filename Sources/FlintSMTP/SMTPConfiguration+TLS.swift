import NIOCore
import NIOSSL

extension SMTPConfiguration {
    /// The TLS context for this configuration's trust settings; nil when security is `.none`.
    func makeTLSContext() throws(SMTPError) -> NIOSSLContext? {
        guard security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsTrust {
        case .systemRoots:
            break
        case .pemCAFile(let path):
            tls.trustRoots = .file(path)
        case .noVerification:
            tls.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.invalidConfiguration, message: "cannot set up TLS: \(error)")
        }
    }

    /// The name for SNI and certificate verification: the host, or nil for an IP address (then the
    /// certificate must name that IP address).
    var tlsServerHostname: String? {
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (try? SocketAddress(ipAddress: literal, port: 0)) == nil ? host : nil
    }
}
