import GRDB

/// The schema, as append-only migrations. Never edit a shipped migration; add a new one.
///
/// Identifiers are snake_case and types portable, so the PostgreSQL store can mirror them.
/// Times are integers: milliseconds since 1970.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: triggers, events, inspector, keys, settings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE triggers (
                        name TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('custom', 'record', 'builtin')),
                        title TEXT NOT NULL,
                        description TEXT,
                        customer_type TEXT NOT NULL CHECK (customer_type IN ('contact', 'lead', 'profile')),
                        event_name TEXT UNIQUE,
                        attributes TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('awaitingIntegration', 'integrationVerified', 'ready')),
                        created_at INTEGER NOT NULL,
                        verified_at INTEGER,
                        ready_at INTEGER,
                        event_count INTEGER NOT NULL DEFAULT 0,
                        rejected_count INTEGER NOT NULL DEFAULT 0,
                        last_event_at INTEGER
                    );

                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY,
                        message_id TEXT NOT NULL UNIQUE,
                        trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
                        auth_id TEXT NOT NULL,
                        binding_id TEXT,
                        occurred_at INTEGER NOT NULL,
                        received_at INTEGER NOT NULL,
                        attributes TEXT NOT NULL,
                        contactpoint_email TEXT,
                        contactpoint_phone TEXT
                    );
                    CREATE INDEX events_by_trigger ON events(trigger_name, seq);

                    CREATE TABLE inspector_entries (
                        id INTEGER PRIMARY KEY,
                        trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
                        verdict TEXT NOT NULL CHECK (verdict IN ('rejected', 'duplicate')),
                        message_id TEXT,
                        auth_id TEXT,
                        received_at INTEGER NOT NULL,
                        problems TEXT NOT NULL,
                        attributes TEXT
                    );
                    CREATE INDEX inspector_entries_by_trigger ON inspector_entries(trigger_name, id);

                    CREATE TABLE ingestion_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('publishable', 'secret')),
                        prefix TEXT NOT NULL UNIQUE,
                        secret_hash TEXT NOT NULL,
                        publishable_key TEXT,
                        allowed_origins TEXT NOT NULL,
                        rate_limit REAL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER,
                        revoked_at INTEGER
                    );

                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: journeys, runs, contacts, sends") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journeys (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        trigger_name TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'stopped')),
                        version INTEGER NOT NULL,
                        -- When the journey last went live; only events received since then start runs.
                        live_since INTEGER,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    CREATE TABLE journey_versions (
                        journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        definition TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (journey_id, version)
                    );

                    -- Every trigger a journey's current version uses (entry, exit, wait-for, activate),
                    -- so a trigger knows its usedIn and cannot be deleted or retyped under a journey.
                    CREATE TABLE journey_triggers (
                        journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
                        trigger_name TEXT NOT NULL REFERENCES triggers(name),
                        PRIMARY KEY (journey_id, trigger_name)
                    );
                    CREATE INDEX journey_triggers_by_trigger ON journey_triggers(trigger_name);

                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        auth_id TEXT NOT NULL,
                        binding_id TEXT,
                        entry_message_id TEXT NOT NULL,
                        entry_attributes TEXT NOT NULL,
                        contactpoint_email TEXT,
                        contactpoint_phone TEXT,
                        status TEXT NOT NULL CHECK (status IN ('active', 'waiting', 'completed', 'exited', 'failed')),
                        position INTEGER NOT NULL,
                        waiting_step TEXT,
                        waiting_trigger TEXT,
                        due_at INTEGER,
                        performing TEXT,
                        started_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        revision INTEGER NOT NULL DEFAULT 0
                    );
                    -- started_at last: a customer's latest start reads the index alone, and their runs come newest first unsorted.
                    CREATE INDEX runs_by_customer ON runs(auth_id, journey_id, started_at);
                    -- A journey's runs newest first, its run counts, and the cascade when a journey is deleted.
                    CREATE INDEX runs_by_journey ON runs(journey_id, started_at);
                    CREATE INDEX runs_due ON runs(due_at) WHERE status = 'waiting';
                    CREATE INDEX runs_waiting_for_trigger ON runs(auth_id, waiting_trigger) WHERE waiting_trigger IS NOT NULL;
                    CREATE INDEX runs_unfinished ON runs(journey_id, auth_id) WHERE status IN ('active', 'waiting');
                    CREATE INDEX runs_performing ON runs(performing) WHERE performing IS NOT NULL;

                    CREATE TABLE run_trace (
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        journey_id TEXT NOT NULL,
                        step TEXT,
                        at INTEGER NOT NULL,
                        outcome TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        PRIMARY KEY (run_id, seq)
                    ) WITHOUT ROWID;
                    -- Without rowid, this index carries run_id too, so step stats read the index alone.
                    CREATE INDEX run_trace_by_step ON run_trace(journey_id, step, outcome);

                    CREATE TABLE customers (
                        id TEXT NOT NULL,
                        type TEXT NOT NULL CHECK (type IN ('contact', 'lead', 'profile')),
                        email TEXT,
                        phone TEXT,
                        first_name TEXT,
                        last_name TEXT,
                        attributes TEXT NOT NULL,
                        consent TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (type, id)
                    );

                    -- One row per message a journey step sent: the idempotency record, and what the
                    -- frequency cap counts.
                    CREATE TABLE sends (
                        idempotency_key TEXT PRIMARY KEY NOT NULL,
                        run_id TEXT NOT NULL,
                        journey_id TEXT NOT NULL,
                        step_id TEXT NOT NULL,
                        auth_id TEXT NOT NULL,
                        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'trigger')),
                        purpose TEXT,
                        recipient TEXT,
                        detail TEXT NOT NULL,
                        sent_at INTEGER NOT NULL
                    );
                    CREATE INDEX sends_for_frequency_cap ON sends(auth_id, channel, purpose, sent_at);

                    -- How far the dispatcher has read the event log; events after it are dispatched on start.
                    INSERT INTO settings (key, value)
                        SELECT 'dispatch_cursor', CAST(coalesce(max(seq), 0) AS TEXT) FROM events;
                    """)
        }
        migrator.registerMigration("v3: anonymous events") { db in
            // Segment-style messages with only an anonymousId are kept in the log but start no journey.
            try db.execute(sql: "ALTER TABLE events ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v4: entities, records, record triggers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entities (
                        name TEXT PRIMARY KEY NOT NULL,
                        title TEXT NOT NULL,
                        customer_type TEXT NOT NULL CHECK (customer_type IN ('contact', 'lead', 'profile')),
                        fields TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    CREATE TABLE records (
                        entity TEXT NOT NULL REFERENCES entities(name),
                        id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version > 0),
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (entity, id)
                    );
                    CREATE INDEX records_by_customer ON records(entity, customer_id, updated_at);

                    -- A record trigger's entity, the writes that fire it and its watched fields, as JSON.
                    ALTER TABLE triggers ADD COLUMN record_source TEXT;
                    """)
        }
        migrator.registerMigration("v5: step retries as durable timers") { db in
            try db.execute(
                sql: """
                    -- Failed attempts of the step a run performs or retries; a retry waits like a timer.
                    ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE runs ADD COLUMN waiting_retry INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v6: email tracking counts") { db in
            try db.execute(
                sql: """
                    -- Every open (link -1) and click (the link's position) of a tracked email, counted.
                    CREATE TABLE tracking_counts (
                        message_id TEXT NOT NULL,
                        link INTEGER NOT NULL,
                        journey_id TEXT NOT NULL,
                        step_id TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        first_at INTEGER NOT NULL,
                        last_at INTEGER NOT NULL,
                        PRIMARY KEY (message_id, link)
                    );
                    CREATE INDEX tracking_counts_by_step ON tracking_counts(journey_id, step_id);
                    """)
        }
        migrator.registerMigration("v7: web UI users and sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id TEXT PRIMARY KEY NOT NULL,
                        email TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'developer')),
                        password_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    -- A signed-in browser: the cookie's token is kept only as its SHA-256.
                    CREATE TABLE web_sessions (
                        token_hash TEXT PRIMARY KEY NOT NULL,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at);
                    """)
        }
        migrator.registerMigration("v8: developer links") { db in
            try db.execute(
                sql: """
                    -- One trigger's snippets and inspector for someone without an account; the URL's token is kept as its SHA-256.
                    CREATE TABLE developer_links (
                        id TEXT PRIMARY KEY NOT NULL,
                        trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    CREATE INDEX developer_links_by_trigger ON developer_links(trigger_name, created_at);
                    """)
        }
        migrator.registerMigration("v9: journey counters kept as runs move; retention") { db in
            try db.execute(sql: Self.journeyCountersAndRetention)
        }
        return migrator
    }
}
