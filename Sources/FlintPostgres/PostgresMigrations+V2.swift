extension PostgresMigrations {
    /// Version 2 (SQLite's v9): journey counters kept as runs move, filled from what is stored, and the
    /// indexes retention prunes by.
    ///
    /// The counters are filled from a snapshot the writers of runs cannot change meanwhile (the lock
    /// lasts until the migration's transaction ends). Nodes of an older version would write runs
    /// without counting them, so all nodes are upgraded together (README, "Running several nodes").
    static let schemaV2: [String] = [
        "LOCK TABLE runs, run_trace, tracking_counts IN SHARE MODE",
        """
        CREATE TABLE journey_counts (
            journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            counter TEXT NOT NULL,
            count BIGINT NOT NULL,
            PRIMARY KEY (journey_id, step, counter)
        )
        """,
        """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, '', 'entered', count(*) FROM runs GROUP BY journey_id
        """,
        """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, '', status, count(*) FROM runs WHERE status IN ('completed', 'exited', 'failed')
            GROUP BY journey_id, status
        """,
        """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, step, 'reached', count(DISTINCT run_id) FROM run_trace WHERE step IS NOT NULL
            GROUP BY journey_id, step
        """,
        """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, step, outcome, count(*) FROM run_trace
            WHERE step IS NOT NULL AND outcome IN ('sent', 'failed', 'skipped') GROUP BY journey_id, step, outcome
        """,
        """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            WITH t AS (
                SELECT journey_id, step_id,
                    coalesce(sum(count) FILTER (WHERE link < 0), 0) AS opens,
                    count(DISTINCT message_id) FILTER (WHERE link < 0) AS unique_opens,
                    coalesce(sum(count) FILTER (WHERE link >= 0), 0) AS clicks,
                    count(DISTINCT message_id) FILTER (WHERE link >= 0) AS unique_clicks
                FROM tracking_counts WHERE journey_id IN (SELECT id FROM journeys) GROUP BY journey_id, step_id)
            SELECT journey_id, step_id, 'opens', opens FROM t WHERE opens > 0
            UNION ALL SELECT journey_id, step_id, 'uniqueOpens', unique_opens FROM t WHERE unique_opens > 0
            UNION ALL SELECT journey_id, step_id, 'clicks', clicks FROM t WHERE clicks > 0
            UNION ALL SELECT journey_id, step_id, 'uniqueClicks', unique_clicks FROM t WHERE unique_clicks > 0
        """,
        "DROP INDEX run_trace_by_step",
        "CREATE INDEX runs_finished ON runs(updated_at, id) WHERE status IN ('completed', 'exited', 'failed')",
        "CREATE INDEX sends_by_time ON sends(sent_at)",
    ]
}
