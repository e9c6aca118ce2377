import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@available(iOS 16, tvOS 16, watchOS 9, *)
extension FlintClient {
    /// Sends one event to `POST /v1/events` right away, retrying as the queue does.
    ///
    /// - Returns: Flint's verdict: accepted, duplicate, or rejected (a final `4xx`).
    /// - Throws: ``FlintDeliveryError`` when the attempts ran out without a verdict, or
    ///   `CancellationError` when the calling task was cancelled.
    public func send(_ event: FlintEvent) async throws -> DeliveryResult {
        let event = completed(event)
        let body: Data
        do {
            body = try event.encoded()
        } catch {
            throw FlintDeliveryError(code: .encoding, message: "The event is not valid JSON: \(error)")
        }
        let outcome = try await withRetries(request(path: "v1/events", body: body)) { status, _, data in
            Self.interpretSingle(status: status, data: data)
        }
        switch outcome {
        case .success(let status): return DeliveryResult(messageId: event.messageId, trigger: event.trigger, status: status)
        case .failure(let error): throw error
        }
    }

    /// Sends one event for `name` right away; see ``send(_:)``.
    public func send(
        _ name: String, attributes: [String: FlintValue] = [:], authId: String? = nil, bindingId: String? = nil,
        timestamp: Date? = nil
    ) async throws -> DeliveryResult {
        try await send(FlintEvent(trigger: name, attributes: attributes, authId: authId, timestamp: timestamp, bindingId: bindingId))
    }

    /// Sends one batch with retries; throws only `CancellationError`.
    func deliver(_ batch: [QueuedEvent]) async throws -> [DeliveryResult] {
        let outcome = try await withRetries(request(path: "v1/events/batch", body: BatchBody.make(batch.map(\.body)))) {
            status, _, data in
            Self.interpretBatch(status: status, data: data, count: batch.count)
        }
        let statuses: [DeliveryStatus] =
            switch outcome {
            case .success(let statuses): statuses
            case .failure(let error): Array(repeating: .failed(error), count: batch.count)
            }
        return zip(batch, statuses).map { item, status in
            DeliveryResult(messageId: item.event.messageId, trigger: item.event.trigger, status: status)
        }
    }

    /// What one answer means: a verdict, or a reason to try again.
    enum Attempt<Value: Sendable>: Sendable {
        case done(Value)
        case retry(FlintDeliveryError, retryAfter: Duration?)
    }

    /// Sends `request` until `interpret` accepts an answer or the attempts run out, sleeping on the
    /// injected clock in between. Throws only `CancellationError`.
    func withRetries<Value: Sendable>(
        _ request: URLRequest, interpret: (Int, [String: String], Data) -> Attempt<Value>
    ) async throws -> Result<Value, FlintDeliveryError> {
        let policy = configuration.retryPolicy
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let outcome: Attempt<Value>
            do {
                let (status, headers, data) = try await transport.send(request)
                switch interpret(status, headers, data) {
                case .retry(let error, _) where RetryPolicy.isRetryable(status: status):
                    outcome = .retry(error, retryAfter: RetryPolicy.retryAfter(in: headers))
                case let other:
                    outcome = other
                }
            } catch {
                if Task.isCancelled { throw CancellationError() }
                outcome = .retry(FlintDeliveryError(code: .network, message: "\(error)"), retryAfter: nil)
            }
            switch outcome {
            case .done(let value):
                return .success(value)
            case .retry(let error, let retryAfter):
                guard attempt < policy.maximumAttempts else { return .failure(error) }
                try await clock.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
            }
        }
    }

    func request(path: String, body: Data) -> URLRequest {
        var request = URLRequest(url: endpoint.appendingPathComponent(path), timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("flint-swift/\(Self.version)", forHTTPHeaderField: "User-Agent")
        request.httpBody = body
        return request
    }

    /// `202 {"status": "accepted"}`, `200 {"status": "duplicate"}`, or an error.
    static func interpretSingle(status: Int, data: Data) -> Attempt<DeliveryStatus> {
        if (200...299).contains(status) {
            switch (try? JSONDecoder().decode(BatchResponse.Result.self, from: data))?.status {
            case "accepted": return .done(.accepted)
            case "duplicate": return .done(.duplicate)
            default: return .retry(unreadable(status), retryAfter: nil)
            }
        }
        return final(status: status, data: data).map(Attempt.done) ?? .retry(unavailable(status), retryAfter: nil)
    }

    /// `200 {"results": [...]}` with one verdict per event, or an error for all of them.
    static func interpretBatch(status: Int, data: Data, count: Int) -> Attempt<[DeliveryStatus]> {
        if (200...299).contains(status) {
            guard let response = try? JSONDecoder().decode(BatchResponse.self, from: data) else {
                return .retry(unreadable(status), retryAfter: nil)  // resending is safe: messageIds dedupe
            }
            var statuses = Array(
                repeating: DeliveryStatus.failed(FlintDeliveryError(code: .invalidResponse, message: "No result for this event", httpStatus: status)),
                count: count)
            for result in response.results where statuses.indices.contains(result.index ?? -1) {
                statuses[result.index!] = result.deliveryStatus(httpStatus: status)
            }
            return .done(statuses)
        }
        if let rejection = final(status: status, data: data) {
            return .done(Array(repeating: rejection, count: count))
        }
        return .retry(unavailable(status), retryAfter: nil)
    }

    /// The rejection for a status that retrying will not change, or nil for a retryable one.
    private static func final(status: Int, data: Data) -> DeliveryStatus? {
        guard !RetryPolicy.isRetryable(status: status) else { return nil }
        let error = (try? JSONDecoder().decode(BatchResponse.ErrorBody.self, from: data))?.error
        return .rejected(error ?? FlintAPIError(code: "http_\(status)", message: "Flint answered HTTP \(status)"))
    }

    private static func unavailable(_ status: Int) -> FlintDeliveryError {
        FlintDeliveryError(code: .unavailable, message: "Flint answered HTTP \(status)", httpStatus: status)
    }

    private static func unreadable(_ status: Int) -> FlintDeliveryError {
        FlintDeliveryError(code: .invalidResponse, message: "Flint's answer could not be read", httpStatus: status)
    }
}
