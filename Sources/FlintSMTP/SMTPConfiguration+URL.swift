import Foundation

extension SMTPConfiguration {
    /// Parses `smtp://user:pass@host:port` (STARTTLS when offered, port 25) or `smtps://...` (implicit TLS, port 465).
    ///
    /// User and password are percent-decoded. Query options: `tls=required` (STARTTLS or fail),
    /// `tls=opportunistic` (the default), `tls=none` (never TLS; allows plaintext credentials),
    /// `helo=name` and `ca=/path/to/ca.pem` (trust only that CA). Anything else is an `invalidConfiguration` error.
    public init(url: String) throws(SMTPError) {
        func fail(_ reason: String) -> SMTPError {
            SMTPError(.invalidConfiguration, message: "invalid SMTP URL: \(reason)")
        }
        guard let schemeEnd = url.range(of: "://") else { throw fail("expected smtp://host or smtps://host") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw fail("scheme must be smtp or smtps, not \(scheme.debugDescription)")
        }
        var rest = url[schemeEnd.upperBound...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else { throw fail("a path is not allowed") }
            authority = rest[..<slash]
        }

        var username: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let user = userInfo.firstIndex(of: ":").map { userInfo[..<$0] } ?? userInfo
            guard let decoded = String(user).removingPercentEncoding, !decoded.isEmpty else {
                throw fail("the user name is empty or badly percent-encoded")
            }
            username = decoded
            if let colon = userInfo.firstIndex(of: ":") {
                guard let decoded = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding else {
                    throw fail("the password is badly percent-encoded")
                }
                password = decoded
            }
        }

        let (host, port) = try Self.hostAndPort(authority, fail: fail)
        var security: Security = scheme == "smtps" ? .implicitTLS : .startTLSWhenOffered
        var heloName = "localhost"
        var tlsTrust = TLSTrust.systemRoots
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].lowercased()
            guard pair.count == 2, let value = String(pair[1]).removingPercentEncoding, !value.isEmpty else {
                throw fail("query option \(key.debugDescription) needs a value")
            }
            switch key {
            case "tls", "security":
                guard scheme == "smtp" else { throw fail("smtps:// always uses implicit TLS; drop the tls option") }
                switch value.lowercased() {
                case "required", "starttls", "always": security = .startTLSRequired
                case "opportunistic", "when-offered", "auto": security = .startTLSWhenOffered
                case "none", "off", "false", "disabled": security = .none
                default: throw fail("tls must be required, opportunistic or none, not \(value.debugDescription)")
                }
            case "helo", "ehlo":
                heloName = value
            case "ca", "ca_file", "cafile":
                tlsTrust = .pemCAFile(value)
            default:
                throw fail("unknown query option \(key.debugDescription)")
            }
        }
        self.init(
            host: host, port: port ?? (security == .implicitTLS ? 465 : 25),
            username: username, password: password,
            security: security, heloName: heloName, tlsTrust: tlsTrust
        )
        try validate()
    }

    private static func hostAndPort(
        _ authority: Substring, fail: (String) -> SMTPError
    ) throws(SMTPError) -> (String, Int?) {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw fail("the host is missing") }
        guard let portText else { return (String(host), nil) }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), (1...65_535).contains(port) else {
            throw fail("port \(String(portText).debugDescription) is not a number from 1 to 65535")
        }
        return (String(host), port)
    }
}
