import Testing
import FlintCore

@Suite("FlintError")
struct FlintErrorTests {
    @Test func helpersSetCodeMessageAndRetry() {
        #expect(FlintError.notFound("Trigger wifi") == FlintError(.notFound, "Trigger wifi does not exist"))
        let invalid = FlintError.invalidJSON(JSONParseError(message: "unexpected character", offset: 3))
        #expect(invalid.code == .invalidJSON)
        #expect(invalid.message == "The body is not valid JSON: unexpected character at byte 3")
        #expect(invalid.details.isEmpty && invalid.retryAfter == nil)
        #expect(FlintError.unavailable("busy") == FlintError(.unavailable, "busy", retryAfter: 1))
    }

    /// API.md names these codes; clients branch on them, so they must never change.
    @Test(arguments: [
        (ErrorCode.invalidJSON, "invalid_json"), (.payloadTooLarge, "payload_too_large"), (.unauthorized, "unauthorized"),
        (.originNotAllowed, "origin_not_allowed"), (.rateLimited, "rate_limited"), (.notFound, "not_found"),
        (.unavailable, "unavailable"), (.invalidTrigger, "invalid_trigger"), (.triggerExists, "trigger_exists"),
        (.triggerInUse, "trigger_in_use"), (.integrationNotVerified, "integration_not_verified"),
        (.validationFailed, "validation_failed"), (.unknownTrigger, "unknown_trigger"),
        (.triggerNotAccepting, "trigger_not_accepting"), (.unknownEntity, "unknown_entity"), (.entityInUse, "entity_in_use"), (.forbidden, "forbidden"), (.userExists, "user_exists"),
    ])
    func keepsTheDocumentedCodes(code: ErrorCode, raw: String) {
        #expect(code.rawValue == raw)
    }
}
