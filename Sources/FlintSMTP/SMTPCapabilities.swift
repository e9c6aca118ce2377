/// What the server announced in its EHLO reply: STARTTLS, AUTH mechanisms, SIZE.
struct SMTPCapabilities: Sendable, Hashable {
    /// The server offers STARTTLS.
    var startTLS = false
    /// Upper-cased SASL mechanisms from `AUTH ...` (and the old `AUTH=...` form).
    var authMechanisms: Set<String> = []
    /// The server announced SIZE (RFC 1870), so `MAIL FROM` may carry `SIZE=`.
    var supportsSize = false
    /// The largest message the server accepts in octets, when announced and not zero (zero means no limit).
    var maximumSize: Int?

    /// No extensions: what a HELO-only server offers.
    static let none = SMTPCapabilities()

    /// Reads the EHLO reply; its first line is the greeting, each further line one extension.
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS":
                startTLS = true
            case "AUTH":
                authMechanisms.formUnion(words.dropFirst())
            case "SIZE":
                supportsSize = true
                if let limit = words.dropFirst().first.flatMap({ Int($0) }), limit > 0 { maximumSize = limit }
            default:
                continue
            }
        }
    }

    init() {}
}
