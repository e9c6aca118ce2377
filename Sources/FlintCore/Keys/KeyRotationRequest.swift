/// A request to rotate an ingestion key (`POST /api/v1/ingestion-keys/{id}/rotate`).
public struct KeyRotationRequest: Sendable, Equatable {
    public static let defaultGraceSeconds = 3600
    public static let maximumGraceSeconds = 30 * 24 * 3600

    /// How long the old key keeps working after the new one is issued.
    public var graceSeconds: Int

    public init(graceSeconds: Int = defaultGraceSeconds) {
        self.graceSeconds = graceSeconds
    }

    /// Reads the optional body; no body means the default grace period.
    public static func parse(_ body: JSONValue?) throws(FlintError) -> KeyRotationRequest {
        guard let body else { return KeyRotationRequest() }
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.invalidKey, "The rotation request must be a JSON object", details: problems)
        }
        reader.rejectUnknownKeys(allowed: ["graceSeconds"])
        var request = KeyRotationRequest()
        if reader.object["graceSeconds"] == .null {
            reader.report("graceSeconds", "must be a whole number of seconds from 0 to \(maximumGraceSeconds); leave it out for the default")
        }
        if let value = reader.number("graceSeconds") {
            if value >= 0, value <= Double(maximumGraceSeconds), value.rounded() == value {
                request.graceSeconds = Int(value)
            } else {
                reader.report("graceSeconds", "must be a whole number of seconds from 0 to \(maximumGraceSeconds)")
            }
        }
        guard reader.problems.isEmpty else {
            throw FlintError(.invalidKey, "The rotation request is not valid", details: reader.problems)
        }
        return request
    }
}
