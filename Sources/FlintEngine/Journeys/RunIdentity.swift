import Crypto
import FlintCore

/// Deterministic ids: the same journey version, customer and entry event always give the same run,
/// so a replayed or duplicated event can never start a second one.
///
/// An id is `run_`, the entry event's arrival time (12 hex digits of milliseconds) and 80 bits of a hash
/// of the rest. The time comes first so that new runs sort after older ones: the run table's key and
/// the trace's take appends instead of inserts all over their B-trees, which keeps every commit's
/// written pages few however many runs are stored.
enum RunIdentity {
    static func runId(journeyId: String, version: Int, authId: String, messageId: String, receivedAt: Int64) -> String {
        // Length-prefixed parts, so ("a:b", "c") and ("a", "b:c") cannot collide.
        let parts = [journeyId, String(version), authId, messageId].map { "\($0.utf8.count):\($0)" }.joined()
        let digest = SHA256.hash(data: Array(parts.utf8))
        let time = String(UInt64(max(0, receivedAt)) & 0xFFFF_FFFF_FFFF, radix: 16)
        return "run_" + String(repeating: "0", count: 12 - time.count) + time + digest.prefix(10).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The key every send of a step carries: `<run id>:<step id>`.
    static func sendKey(runId: String, stepId: String) -> String {
        "\(runId):\(stepId)"
    }
}
