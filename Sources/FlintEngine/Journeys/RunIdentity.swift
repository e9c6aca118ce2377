import Crypto
import FlintCore

/// Deterministic ids: the same journey version, customer and entry event always give the same run,
/// so a replayed or duplicated event can never start a second one.
enum RunIdentity {
    static func runId(journeyId: String, version: Int, authId: String, messageId: String) -> String {
        // Length-prefixed parts, so ("a:b", "c") and ("a", "b:c") cannot collide.
        let parts = [journeyId, String(version), authId, messageId].map { "\($0.utf8.count):\($0)" }.joined()
        let digest = SHA256.hash(data: Array(parts.utf8))
        return "run_" + digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The key every send of a step carries: `<run id>:<step id>`.
    static func sendKey(runId: String, stepId: String) -> String {
        "\(runId):\(stepId)"
    }
}
