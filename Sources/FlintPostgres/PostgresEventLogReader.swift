import FlintCore
import Logging
import PostgresNIO

/// ``EventLogReader`` on the dispatch queue: with several writers a sequence number can commit after a
/// higher one, so no cursor can follow the log. Each accepted event is queued in its commit, claimed
/// here with `FOR UPDATE SKIP LOCKED` for a lease, and deleted from the queue once dispatched.
///
/// A claim takes each customer's oldest queued event only: the next one waits until that is done, so
/// an exit trigger is never handled before the entry it ends, whichever nodes claim them.
public struct PostgresEventLogReader: EventLogReader {
    let client: PostgresClient
    let logger: Logger
    let leaseMilliseconds: Int64

    public func claimEvents(of triggers: Set<String>?, limit: Int, now: Int64) async throws -> EventClaim {
        let claimed = try await client.query(
            """
            UPDATE dispatch_queue SET lease_until = \(now + leaseMilliseconds) WHERE seq IN (
                SELECT q.seq FROM dispatch_queue q
                WHERE q.lease_until < \(now)
                    AND NOT EXISTS (SELECT 1 FROM dispatch_queue earlier WHERE earlier.auth_id = q.auth_id AND earlier.seq < q.seq)
                ORDER BY q.seq LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING seq
            """, logger: logger
        ).decode(Int64.self).collect()
        guard !claimed.isEmpty else { return EventClaim(events: [], receipt: [], hasMore: false) }
        let rows = try await client.query(
            """
            SELECT message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes, contactpoint_email, contactpoint_phone
            FROM events WHERE seq = ANY(\(claimed)) AND (\(triggers == nil) OR trigger_name = ANY(\(Array(triggers ?? [])))) ORDER BY seq
            """, logger: logger
        ).decode((String, String, String, String?, Int64, Int64, String, String?, String?).self)
        var events: [AcceptedEvent] = []
        for try await (messageId, trigger, authId, bindingId, occurredAt, receivedAt, attributesJSON, email, phone) in rows {
            guard case .object(let attributes) = try JSONParser.parse(attributesJSON, maximumDepth: 64) else {
                throw FlintError(.internalError, "The attributes of stored event \(messageId) are not a JSON object")
            }
            events.append(
                AcceptedEvent(
                    messageId: messageId, trigger: trigger, authId: authId, bindingId: bindingId, timestamp: occurredAt,
                    receivedAt: receivedAt, attributes: attributes, contactpointEmail: email, contactpointPhone: phone))
        }
        // A customer's next event becomes claimable once this claim completes: look again until nothing is.
        return EventClaim(events: events, receipt: claimed, hasMore: true)
    }

    /// Completions are written at once: nothing to flush.
    public func flush() async throws {}

    public func complete(_ claim: EventClaim) async throws {
        guard !claim.receipt.isEmpty else { return }
        try await client.query("DELETE FROM dispatch_queue WHERE seq = ANY(\(claim.receipt))", logger: logger)
    }
}
