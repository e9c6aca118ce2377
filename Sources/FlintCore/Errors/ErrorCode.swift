/// The stable, snake_case error codes of the HTTP API. Clients branch on these, so never rename one.
public enum ErrorCode: String, Sendable, Equatable, Codable {
    case invalidJSON = "invalid_json"
    case invalidRequest = "invalid_request"
    case unsupportedMediaType = "unsupported_media_type"
    case payloadTooLarge = "payload_too_large"
    /// A Segment-compatible request over Segment's size limits (Segment answers these with 400).
    case messageTooLarge = "message_too_large"
    case unauthorized
    case originNotAllowed = "origin_not_allowed"
    case rateLimited = "rate_limited"
    case notFound = "not_found"
    case routeNotFound = "route_not_found"
    case methodNotAllowed = "method_not_allowed"
    case unavailable
    case internalError = "internal_error"
    case invalidTrigger = "invalid_trigger"
    case triggerExists = "trigger_exists"
    case triggerInUse = "trigger_in_use"
    case triggerReadOnly = "trigger_read_only"
    case integrationNotVerified = "integration_not_verified"
    case triggerNotReady = "trigger_not_ready"
    case validationFailed = "validation_failed"
    case unknownTrigger = "unknown_trigger"
    case triggerNotAccepting = "trigger_not_accepting"
    case invalidKey = "invalid_key"
    case invalidJourney = "invalid_journey"
    case invalidEntity = "invalid_entity"
    case unknownEntity = "unknown_entity"
    case entityInUse = "entity_in_use"
    /// Signed in, but the role does not allow it (the web UI).
    case forbidden
    case userExists = "user_exists"
}
