import FlintCore
import Hummingbird
import Logging
import NIOCore

extension FlintError {
    /// The error a request that failed with `error` is answered with, in the JSON shape of API.md, so
    /// no client sees a stack trace or SQL. What is not the client's doing is logged.
    ///
    /// ``ErrorMiddleware`` answers every route with it, and the lean event path its own requests.
    static func answering(_ error: any Error, path: String, logger: Logger) -> FlintError {
        switch error {
        case let error as FlintError:
            return error
        case is NIOTooManyBytesError:
            return FlintError(.payloadTooLarge, "The body is too large")
        case let error as any HTTPResponseError where error.status.code < 500:
            return FlintError(.invalidRequest, error.status.reasonPhrase)
        default:
            if let unavailable = FlintError.unavailable(from: error) {
                logger.warning("the database cannot be reached", metadata: ["error": "\(error)"])
                return unavailable
            }
            logger.error("request failed", metadata: ["error": "\(error)", "path": "\(path)"])
            return FlintError(.internalError, "Flint could not handle the request; the error is in the server log")
        }
    }
}
