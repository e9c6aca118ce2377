import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client for Flint's ingestion API, for iOS apps and Linux servers alike.
///
/// ``trigger(_:attributes:authId:bindingId:timestamp:)`` queues an event (its `messageId` fixed at
/// once); the queue goes to `POST /v1/events/batch` in batches, when it holds a full batch, after
/// ``Configuration/flushInterval``, or on ``flush()``. ``send(_:)`` delivers one event right away.
/// Both retry `429`, `5xx` and network errors with exponential backoff and jitter, waiting at least
/// what `Retry-After` asks; other `4xx` answers are final. Retries resend the same `messageId`s, so
/// Flint never counts an event twice.
///
/// ```swift
/// let flint = FlintClient(endpoint: URL(string: "https://flint.example")!, key: secretKey)
/// await flint.identify("contact-123")
/// await flint.trigger("wifi_signup", attributes: ["location": "lobby", "amount": 12.5])
/// let results = await flint.flush()
/// ```
@available(iOS 16, tvOS 16, watchOS 9, *)
public actor FlintClient {
    /// This library's version, sent in the `User-Agent` header.
    public static let version = "1.0.0"

    /// Flint's base URL, such as `https://flint.example`; the API paths are appended to it.
    public nonisolated let endpoint: URL
    /// How the client batches, flushes and retries.
    public nonisolated let configuration: Configuration
    let key: String
    let transport: any FlintTransport
    let clock: any Clock<Duration>

    private var authId: String?
    private var queue: [QueuedEvent] = []
    /// Results known before sending (events that could not be encoded), handed out by the next flush.
    private var settled: [DeliveryResult] = []
    private var isFlushing = false
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []
    private var timer: Task<Void, Never>?
    private var timerGeneration = 0
    private var timerIsImmediate = false

    /// How many events were dropped because the queue was full (see ``Configuration/maximumQueueSize``).
    public private(set) var droppedEventCount = 0

    /// How many events wait in the queue.
    public var queuedEventCount: Int { queue.count }

    /// Makes a client that talks to Flint through `session`.
    ///
    /// - Parameters:
    ///   - endpoint: Flint's base URL.
    ///   - key: an ingestion key (a secret key on servers; a publishable one in apps).
    public init(endpoint: URL, key: String, configuration: Configuration = .init(), session: URLSession = .shared) {
        self.init(endpoint: endpoint, key: key, configuration: configuration, transport: URLSessionTransport(session: session))
    }

    /// Makes a client with its own transport and clock, for custom HTTP stacks and for tests.
    ///
    /// - Parameter clock: the clock that backoff waits and the flush interval sleep on.
    public init(
        endpoint: URL, key: String, configuration: Configuration = .init(), transport: any FlintTransport,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.endpoint = endpoint
        self.key = key
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    deinit {
        timer?.cancel()
    }

    /// Sets the `authId` of events triggered from now on (those without their own); `nil` forgets it.
    public func identify(_ authId: String?) {
        self.authId = authId
    }

    /// Queues an event for `name`; it leaves with the next batch.
    ///
    /// - Parameters:
    ///   - authId: who the event is about; defaults to the identity from ``identify(_:)``.
    ///   - timestamp: when it happened; defaults to now.
    public func trigger(
        _ name: String, attributes: [String: FlintValue] = [:], authId: String? = nil, bindingId: String? = nil,
        timestamp: Date? = nil
    ) {
        trigger(FlintEvent(trigger: name, attributes: attributes, authId: authId, timestamp: timestamp, bindingId: bindingId))
    }

    /// Queues `event`, filling in the identity and the time when it has none.
    public func trigger(_ event: FlintEvent) {
        let event = completed(event)
        do {
            queue.append(QueuedEvent(event: event, body: try event.encoded()))
        } catch {
            settled.append(
                DeliveryResult(
                    messageId: event.messageId, trigger: event.trigger,
                    status: .failed(FlintDeliveryError(code: .encoding, message: "The event is not valid JSON: \(error)"))))
            return
        }
        if queue.count > configuration.maximumQueueSize {
            let overflow = queue.count - configuration.maximumQueueSize
            queue.removeFirst(overflow)
            droppedEventCount += overflow
        }
        scheduleFlush()
    }

    /// Sends every queued event now, in batches, and returns what became of each, in queue order.
    ///
    /// Waits for a flush already under way (the events it took are reported there, not here), then
    /// sends what is left. Events whose attempts run out are reported `.failed` and leave the
    /// queue. When the calling task is cancelled, the unsent events stay queued.
    public func flush() async -> [DeliveryResult] {
        await acquireFlush()
        defer { releaseFlush() }
        var results = settled
        settled = []
        while !queue.isEmpty {
            let count = batchCount()
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            do {
                results += try await deliver(batch)
            } catch {
                queue.insert(contentsOf: batch, at: 0)  // cancelled: keep them for the next flush
                break
            }
        }
        if queue.isEmpty { cancelTimer() } else { scheduleFlush() }
        return results
    }

    /// Cancels the pending background flush and sends what is queued; call it before the process exits.
    public func close() async -> [DeliveryResult] {
        cancelTimer()
        return await flush()
    }

    /// The event as it is sent: with the client's identity and a timestamp.
    func completed(_ event: FlintEvent) -> FlintEvent {
        var event = event
        if event.authId == nil { event.authId = authId }
        if event.timestamp == nil { event.timestamp = Date() }
        return event
    }

    /// How many events from the head of the queue fit into one batch (at least one).
    private func batchCount() -> Int {
        var bytes = BatchBody.emptySize
        var count = 0
        for item in queue {
            let extra = item.body.count + (count == 0 ? 0 : 1)
            if count > 0 && (count == configuration.maximumBatchSize || bytes + extra > configuration.maximumBatchBytes) { break }
            bytes += extra
            count += 1
        }
        return count
    }

    // MARK: Background flushing

    /// Arms the flush timer: at once for a full batch, else after the flush interval.
    private func scheduleFlush() {
        guard let interval = configuration.flushInterval else { return }
        let isFull = queue.count >= configuration.maximumBatchSize
        if timer != nil, timerIsImmediate || !isFull { return }
        timer?.cancel()
        timerGeneration += 1
        let generation = timerGeneration
        let delay = isFull ? Duration.zero : interval
        let clock = clock
        timerIsImmediate = isFull
        timer = Task { [weak self] in
            if delay > .zero {
                do { try await clock.sleep(for: delay) } catch { return }
            }
            await self?.timerFired(generation)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerGeneration += 1
    }

    private func timerFired(_ generation: Int) async {
        guard generation == timerGeneration else { return }
        timer = nil
        _ = await flush()
    }

    // MARK: One flush at a time, in order

    private func acquireFlush() async {
        guard isFlushing else {
            isFlushing = true
            return
        }
        await withCheckedContinuation { flushWaiters.append($0) }  // ownership is handed over
    }

    private func releaseFlush() {
        if flushWaiters.isEmpty {
            isFlushing = false
        } else {
            flushWaiters.removeFirst().resume()
        }
    }
}

/// An event in the queue, encoded once so that every attempt sends the same bytes.
struct QueuedEvent: Sendable {
    var event: FlintEvent
    var body: Data
}
