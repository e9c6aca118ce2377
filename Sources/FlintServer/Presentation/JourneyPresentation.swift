import FlintCore
import FlintEngine
import Foundation

// A journey, its stats, runs and trace entries as the JSON API shows them (API.md). The HTML pages
// render the same values in FlintWeb.

extension JourneyCatalog.Entry {
    /// The journey's head (id, status, version, times, and `stats` when given) before its definition.
    func json(stats: JourneyStats?) -> JSONValue {
        var head: JSONObject = [
            "id": .string(stored.id), "status": .string(stored.status.rawValue), "version": .number(Double(stored.version)),
            "createdAt": .string(RFC3339.format(milliseconds: stored.createdAt)),
            "updatedAt": .string(RFC3339.format(milliseconds: stored.updatedAt)),
        ]
        if let stats { head["stats"] = stats.json }
        head.merge(definition.json.objectValue ?? [:])
        return .object(head)
    }
}

extension JourneyStats {
    var json: JSONValue {
        var steps = JSONObject()
        for id in self.steps.keys.sorted() {
            let counts = self.steps[id]!
            steps[id] = [
                "reached": .number(Double(counts.reached)), "sent": .number(Double(counts.sent)),
                "failed": .number(Double(counts.failed)), "skipped": .number(Double(counts.skipped)),
                "opens": .number(Double(counts.opens)), "uniqueOpens": .number(Double(counts.uniqueOpens)),
                "clicks": .number(Double(counts.clicks)), "uniqueClicks": .number(Double(counts.uniqueClicks)),
            ]
        }
        return [
            "entered": .number(Double(entered)), "completed": .number(Double(completed)), "exited": .number(Double(exited)),
            "failed": .number(Double(failed)), "steps": .object(steps),
        ]
    }
}

extension JourneyRun {
    var json: JSONValue {
        [
            "id": .string(id), "authId": .string(authId), "version": .number(Double(version)), "status": .string(status.rawValue),
            "startedAt": .string(RFC3339.format(milliseconds: startedAt)), "trace": .array(trace.map(\.json)),
        ]
    }
}

extension TraceEntry {
    var json: JSONValue {
        [
            "step": step.map(JSONValue.string) ?? .null, "at": .string(RFC3339.format(milliseconds: at)),
            "outcome": .string(outcome.rawValue), "detail": .string(detail),
        ]
    }
}
