extension SQLiteMigrations {
    /// Journey counters, filled from the runs, traces and tracking counts already stored, and the
    /// indexes retention prunes by.
    static let journeyCountersAndRetention = """
        -- A journey's run totals (step '') and step counts, added to by the commit that writes each run,
        -- so stats read a few rows however many runs lie behind them, and survive pruned traces.
        CREATE TABLE journey_counts (
            journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            counter TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (journey_id, step, counter)
        ) WITHOUT ROWID;

        """ + countersFromWhatIsStored + """
        -- Step stats read journey_counts now; this index only slowed every trace write.
        DROP INDEX run_trace_by_step;
        -- Finished runs in the order their traces are pruned.
        CREATE INDEX runs_finished ON runs(updated_at, id) WHERE status IN ('completed', 'exited', 'failed');
        CREATE INDEX sends_by_time ON sends(sent_at);
        """

    /// Journey counters computed from the runs, traces and tracking counts stored: how v9 fills them,
    /// and what the counters kept on write must always equal.
    static let countersFromWhatIsStored = """
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, '', 'entered', count(*) FROM runs GROUP BY journey_id;
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, '', status, count(*) FROM runs WHERE status IN ('completed', 'exited', 'failed')
            GROUP BY journey_id, status;
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, step, 'reached', count(DISTINCT run_id) FROM run_trace WHERE step IS NOT NULL
            GROUP BY journey_id, step;
        INSERT INTO journey_counts (journey_id, step, counter, count)
            SELECT journey_id, step, outcome, count(*) FROM run_trace
            WHERE step IS NOT NULL AND outcome IN ('sent', 'failed', 'skipped') GROUP BY journey_id, step, outcome;
        INSERT INTO journey_counts (journey_id, step, counter, count)
            WITH t AS (
                SELECT journey_id, step_id,
                    sum(CASE WHEN link < 0 THEN count ELSE 0 END) AS opens,
                    count(DISTINCT CASE WHEN link < 0 THEN message_id END) AS unique_opens,
                    sum(CASE WHEN link >= 0 THEN count ELSE 0 END) AS clicks,
                    count(DISTINCT CASE WHEN link >= 0 THEN message_id END) AS unique_clicks
                FROM tracking_counts WHERE journey_id IN (SELECT id FROM journeys) GROUP BY journey_id, step_id)
            SELECT journey_id, step_id, 'opens', opens FROM t WHERE opens > 0
            UNION ALL SELECT journey_id, step_id, 'uniqueOpens', unique_opens FROM t WHERE unique_opens > 0
            UNION ALL SELECT journey_id, step_id, 'clicks', clicks FROM t WHERE clicks > 0
            UNION ALL SELECT journey_id, step_id, 'uniqueClicks', unique_clicks FROM t WHERE unique_clicks > 0;
        """
}
