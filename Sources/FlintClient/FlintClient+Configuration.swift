@available(iOS 16, tvOS 16, watchOS 9, *)
extension FlintClient {
    /// How the client batches, flushes and retries; the defaults suit apps and servers alike.
    public struct Configuration: Sendable {
        /// The most events one batch request carries (Flint takes up to 500).
        public var maximumBatchSize: Int
        /// The most bytes one batch body carries (Flint takes up to 512 KB).
        public var maximumBatchBytes: Int
        /// How long an event may wait in the queue before a background flush sends it; a full batch
        /// goes at once. `nil` turns background flushing off: events then leave only on ``FlintClient/flush()``.
        public var flushInterval: Duration?
        /// The most attempts per request, the first included.
        public var maximumAttempts: Int
        /// The wait after the first failed attempt; it doubles with every further failure.
        public var initialBackoff: Duration
        /// The longest wait between attempts, unless `Retry-After` asks for more.
        public var maximumBackoff: Duration
        /// The most events the queue holds; beyond it the oldest are dropped (and counted in
        /// ``FlintClient/droppedEventCount``).
        public var maximumQueueSize: Int

        /// Makes a configuration; sizes are clamped to what Flint takes (1...500 events, 1 KB...512 KB)
        /// and counts to at least one.
        public init(
            maximumBatchSize: Int = 100, maximumBatchBytes: Int = 400 * 1024, flushInterval: Duration? = .seconds(5),
            maximumAttempts: Int = 8, initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(30),
            maximumQueueSize: Int = 10_000
        ) {
            self.maximumBatchSize = max(1, min(maximumBatchSize, 500))
            self.maximumBatchBytes = max(1024, min(maximumBatchBytes, 512 * 1024))
            self.flushInterval = flushInterval
            self.maximumAttempts = max(1, maximumAttempts)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.maximumQueueSize = max(1, maximumQueueSize)
        }

        var retryPolicy: RetryPolicy {
            RetryPolicy(maximumAttempts: maximumAttempts, initialBackoff: initialBackoff, maximumBackoff: maximumBackoff)
        }
    }
}
