/// Deletes what has outlived its retention, one small batch per call, each in its own short
/// transaction, so pruning never holds the writer long enough to stall ingestion.
public protocol RetentionStore: Sendable {
    /// Events received before `cutoff` (milliseconds since 1970) that no dispatcher still needs; their
    /// `messageId`s can be accepted again afterwards. Returns how many were deleted.
    func pruneEvents(receivedBefore cutoff: Int64, limit: Int) async throws -> Int
    /// The traces of runs that finished before `cutoff`; the runs themselves stay (re-entry rules read
    /// them) and journey stats are counters, so neither changes. Returns how many runs were looked at,
    /// so a batch shorter than `limit` means there is nothing more to do.
    func pruneTraces(finishedBefore cutoff: Int64, limit: Int) async throws -> Int
    /// Send records (idempotency records and what frequency caps count) sent before `cutoff`.
    func pruneSends(sentBefore cutoff: Int64, limit: Int) async throws -> Int
}
