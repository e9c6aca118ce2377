/// The answer of `POST /v1/events/batch`: `{"results": [{"index", "status", "messageId", "error"}]}`.
struct BatchResponse: Decodable {
    struct Result: Decodable {
        var index: Int?
        var status: String
        var messageId: String?
        var error: FlintAPIError?

        func deliveryStatus(httpStatus: Int) -> DeliveryStatus {
            switch status {
            case "accepted": .accepted
            case "duplicate": .duplicate
            case "rejected": .rejected(error ?? FlintAPIError(code: "rejected", message: "Flint rejected the event"))
            default:
                .failed(FlintDeliveryError(code: .invalidResponse, message: "Unknown status \(status.prefix(40))", httpStatus: httpStatus))
            }
        }
    }

    /// The error shape every `4xx` and `5xx` answer carries.
    struct ErrorBody: Decodable {
        var error: FlintAPIError
    }

    var results: [Result]
}
