import FlintCore
import Hummingbird

extension FlintError {
    /// The one place error codes become HTTP statuses.
    var status: HTTPResponse.Status {
        switch code {
        case .invalidJSON, .invalidRequest, .validationFailed, .unknownTrigger, .triggerNotAccepting, .invalidTrigger, .invalidKey,
            .invalidJourney, .messageTooLarge, .invalidEntity:
            .badRequest
        case .unauthorized: .unauthorized
        case .originNotAllowed, .forbidden: .forbidden
        case .notFound, .routeNotFound, .unknownEntity: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .triggerExists, .triggerInUse, .triggerReadOnly, .integrationNotVerified, .triggerNotReady, .entityInUse, .userExists: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    /// The error shape of API.md: `{"error": {"code", "message", "details": [{"field", "problem"}]}}`.
    var body: JSONValue {
        [
            "error": [
                "code": .string(code.rawValue),
                "message": .string(message),
                "details": .array(details.map { ["field": .string($0.field), "problem": .string($0.problem)] }),
            ]
        ]
    }

    func response() -> Response { reply.response }

    /// The error as a JSON answer, with `Retry-After` and `WWW-Authenticate` where they apply.
    var reply: JSONReply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return JSONReply(body, status: status, headers: headers)
    }
}
