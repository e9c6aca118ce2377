import FlintCore
import Foundation

/// Where one webhook request goes once its host is checked: the URL to connect to (for plain HTTP the
/// checked address itself) and the `Host` header that then names the original host.
struct WebhookDestination: Sendable, Equatable {
    var connectURL: String
    var hostHeader: String?

    /// Checks every address `url`'s host resolves to; throws a permanent ``DeliveryError`` naming the
    /// first refused one. A host listed by name in the policy is used as it is.
    static func resolve(
        _ url: String, policy: WebhookDestinationPolicy, resolver: any HostResolver
    ) async throws(DeliveryError) -> WebhookDestination {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw DeliveryError("webhook URL \(url.prefix(200)) is not an absolute http(s) URL", isTransient: false) }
        if policy.allowsHostName(host) { return WebhookDestination(connectURL: url, hostHeader: nil) }
        let literal = IPAddress(host)
        let addresses = if let literal { [literal] } else { try await resolver.addresses(of: host) }
        for address in addresses {
            if let refusal = policy.refusal(for: address) {
                throw DeliveryError("webhook to \(host) refused: \(refusal)", isTransient: false)
            }
        }
        guard scheme == "http", literal == nil, let pinned = addresses.first else {
            return WebhookDestination(connectURL: url, hostHeader: nil)
        }
        var connect = "http://"
        if let user = components.percentEncodedUser {
            connect += user + (components.percentEncodedPassword.map { ":" + $0 } ?? "") + "@"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        connect += pinned.urlHost + port + (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
        if let query = components.percentEncodedQuery { connect += "?" + query }
        return WebhookDestination(connectURL: connect, hostHeader: host + port)
    }
}
