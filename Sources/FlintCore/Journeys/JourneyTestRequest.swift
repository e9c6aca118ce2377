/// A dry run's input (`POST /api/v1/journeys/{id}/test`): the customer, the entry trigger's
/// attributes, and the triggers that arrive while the run waits for them.
public struct JourneyTestRequest: Sendable, Equatable {
    public var authId: String
    public var attributes: JSONObject
    public var arrivingTriggers: Set<String>

    public init(authId: String, attributes: JSONObject = [:], arrivingTriggers: Set<String> = []) {
        self.authId = authId
        self.attributes = attributes
        self.arrivingTriggers = arrivingTriggers
    }

    /// Reads the request body; throws `validation_failed` naming every problem.
    public static func parse(_ body: JSONValue) throws(FlintError) -> JourneyTestRequest {
        var problems: [Problem] = []
        guard var reader = ObjectReader(body, path: "", problems: &problems) else {
            throw FlintError(.validationFailed, "The test request is a JSON object", details: problems)
        }
        reader.rejectUnknownKeys(allowed: ["authId", "attributes", "arrivingTriggers"])
        let authId = reader.string("authId", required: true, maxLength: 256)
        var arriving: Set<String> = []
        for (index, value) in (reader.array("arrivingTriggers") ?? []).enumerated() {
            guard let name = value.stringValue else {
                reader.report("arrivingTriggers[\(index)]", "expected a trigger name, got \(value.typeDescription)")
                continue
            }
            arriving.insert(name)
        }
        var attributes = JSONObject()
        switch reader.object["attributes"] {
        case .none, .some(.null): break
        case .some(.object(let values)): attributes = values
        case .some(let other): reader.report("attributes", "expected an object, got \(other.typeDescription)")
        }
        guard reader.problems.isEmpty, let authId else {
            throw FlintError(.validationFailed, "The test request is not valid", details: reader.problems)
        }
        return JourneyTestRequest(authId: authId, attributes: attributes, arrivingTriggers: arriving)
    }
}
