/// A request to create an ingestion key (`POST /api/v1/ingestion-keys`).
public struct IngestionKeyRequest: Sendable, Equatable {
    public var name: String
    public var kind: IngestionKey.Kind
    public var allowedOrigins: [String]
    public var rateLimit: Double?

    public init(name: String, kind: IngestionKey.Kind, allowedOrigins: [String] = [], rateLimit: Double? = nil) {
        self.name = name
        self.kind = kind
        self.allowedOrigins = allowedOrigins
        self.rateLimit = rateLimit
    }

    /// Reads and validates the request body; throws `invalid_key` naming every problem.
    public static func parse(_ body: JSONValue) throws(FlintError) -> IngestionKeyRequest {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.invalidKey, "The key request must be a JSON object", details: problems)
        }
        reader.rejectUnknownKeys(allowed: ["name", "kind", "allowedOrigins", "rateLimit"])
        let name = reader.string("name", required: true, maxLength: 200)
        let kind = reader.enumeration("kind", as: IngestionKey.Kind.self, required: true)
        var origins: [String] = []
        for (index, value) in (reader.array("allowedOrigins") ?? []).enumerated() {
            guard let origin = value.stringValue, let normalized = normalizedOrigin(origin) else {
                reader.report("allowedOrigins[\(index)]", "expected an origin such as https://shop.example (scheme, host and optional port)")
                continue
            }
            origins.append(normalized)
        }
        if kind == .secret, !origins.isEmpty {
            reader.report("allowedOrigins", "only publishable keys are used from browsers; secret keys take no origins")
        }
        let rateLimit = reader.number("rateLimit")
        if let rateLimit, !(rateLimit > 0 && rateLimit <= 1_000_000) {
            reader.report("rateLimit", "must be a number of requests per second above 0")
        }
        problems += reader.problems
        guard problems.isEmpty, let name, let kind else {
            throw FlintError(.invalidKey, "The key request has \(TriggerDefinition.problemCount(problems))", details: problems)
        }
        return IngestionKeyRequest(name: name, kind: kind, allowedOrigins: origins, rateLimit: rateLimit)
    }

    /// `scheme://host[:port]` in lower case, or nil when `origin` is not an origin.
    public static func normalizedOrigin(_ origin: String) -> String? {
        // ASCII first: lower-casing maps some non-ASCII letters (U+212A KELVIN SIGN) onto ASCII ones.
        guard origin.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let lowered = origin.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https://"
        } else if lowered.hasPrefix("http://") {
            scheme = "http://"
        } else {
            return nil
        }
        let authority = lowered.dropFirst(scheme.count)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-:[]")
        guard !authority.isEmpty, authority.count <= 253, authority.allSatisfy(allowed.contains),
            authority.first != ".", authority.first != ":"
        else { return nil }
        return scheme + authority
    }
}
