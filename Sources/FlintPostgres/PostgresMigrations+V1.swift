extension PostgresMigrations {
    /// Version 1: everything SQLite's migrations v1–v8 built, in PostgreSQL's types, plus the dispatch
    /// queue and run leases that several nodes need.
    static let schemaV1: [String] = [
        """
        CREATE TABLE triggers (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('custom', 'record', 'builtin')),
            title TEXT NOT NULL,
            description TEXT,
            customer_type TEXT NOT NULL CHECK (customer_type IN ('contact', 'lead', 'profile')),
            event_name TEXT UNIQUE,
            attributes TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('awaitingIntegration', 'integrationVerified', 'ready')),
            created_at BIGINT NOT NULL,
            verified_at BIGINT,
            ready_at BIGINT,
            event_count BIGINT NOT NULL DEFAULT 0,
            rejected_count BIGINT NOT NULL DEFAULT 0,
            last_event_at BIGINT,
            record_source TEXT
        )
        """,
        """
        CREATE TABLE events (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id TEXT NOT NULL UNIQUE,
            trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
            auth_id TEXT NOT NULL,
            binding_id TEXT,
            occurred_at BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            attributes TEXT NOT NULL,
            contactpoint_email TEXT,
            contactpoint_phone TEXT,
            anonymous BOOLEAN NOT NULL DEFAULT false
        )
        """,
        "CREATE INDEX events_by_trigger ON events(trigger_name, seq)",
        // Each commit's counts per trigger, folded into `triggers` every few seconds: nodes committing
        // events of one trigger at once never wait for each other on its row.
        """
        CREATE TABLE trigger_tallies (
            trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
            accepted BIGINT NOT NULL,
            rejected BIGINT NOT NULL,
            last_event_at BIGINT
        )
        """,
        "CREATE INDEX trigger_tallies_by_trigger ON trigger_tallies(trigger_name)",
        // Accepted events not yet dispatched. With several writers a sequence number can commit after a
        // higher one, so no cursor can follow the log: each event is claimed here (with a lease, taken
        // over when it expires) and deleted once dispatched. A customer's next event is claimed only once
        // the one before it is done, so one customer's events are handled in order on any node.
        """
        CREATE TABLE dispatch_queue (
            seq BIGINT PRIMARY KEY REFERENCES events(seq) ON DELETE CASCADE,
            auth_id TEXT NOT NULL,
            lease_until BIGINT NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX dispatch_queue_by_customer ON dispatch_queue(auth_id, seq)",
        """
        CREATE TABLE inspector_entries (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
            verdict TEXT NOT NULL CHECK (verdict IN ('rejected', 'duplicate')),
            message_id TEXT,
            auth_id TEXT,
            received_at BIGINT NOT NULL,
            problems TEXT NOT NULL,
            attributes TEXT
        )
        """,
        "CREATE INDEX inspector_entries_by_trigger ON inspector_entries(trigger_name, id)",
        """
        CREATE TABLE ingestion_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('publishable', 'secret')),
            prefix TEXT NOT NULL UNIQUE,
            secret_hash TEXT NOT NULL,
            publishable_key TEXT,
            allowed_origins TEXT NOT NULL,
            rate_limit DOUBLE PRECISION,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT
        )
        """,
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """
        CREATE TABLE journeys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'stopped')),
            version INTEGER NOT NULL,
            live_since BIGINT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE journey_versions (
            journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            definition TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (journey_id, version)
        )
        """,
        """
        CREATE TABLE journey_triggers (
            journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
            trigger_name TEXT NOT NULL REFERENCES triggers(name),
            PRIMARY KEY (journey_id, trigger_name)
        )
        """,
        "CREATE INDEX journey_triggers_by_trigger ON journey_triggers(trigger_name)",
        // `lease_until`: until when a node holds the run (performing its step, or handling its due
        // timer); another node takes it over only after that.
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
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
            due_at BIGINT,
            performing TEXT,
            started_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            waiting_retry BOOLEAN NOT NULL DEFAULT false,
            lease_until BIGINT NOT NULL DEFAULT 0,
            -- Insertion order, which breaks ties between runs started in the same millisecond.
            inserted BIGINT GENERATED ALWAYS AS IDENTITY
        )
        """,
        // Every trigger some run has waited for (never shrinks; a superset costs a lookup): written in the
        // commit that makes a run wait, read by every node's dispatcher before each page, so no node
        // decides "nobody waits for this" from a notice that has not arrived.
        "CREATE TABLE awaited_triggers (trigger_name TEXT PRIMARY KEY)",
        "CREATE INDEX runs_by_customer ON runs(auth_id, journey_id, started_at)",
        "CREATE INDEX runs_by_journey ON runs(journey_id, started_at)",
        "CREATE INDEX runs_due ON runs(due_at) WHERE status = 'waiting'",
        "CREATE INDEX runs_waiting_for_trigger ON runs(auth_id, waiting_trigger) WHERE waiting_trigger IS NOT NULL",
        "CREATE INDEX runs_unfinished ON runs(journey_id, auth_id) WHERE status IN ('active', 'waiting')",
        "CREATE INDEX runs_performing ON runs(lease_until) WHERE performing IS NOT NULL",
        """
        CREATE TABLE run_trace (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            journey_id TEXT NOT NULL,
            step TEXT,
            at BIGINT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        )
        """,
        "CREATE INDEX run_trace_by_step ON run_trace(journey_id, step, outcome) INCLUDE (run_id)",
        """
        CREATE TABLE customers (
            id TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('contact', 'lead', 'profile')),
            email TEXT,
            phone TEXT,
            first_name TEXT,
            last_name TEXT,
            attributes TEXT NOT NULL,
            consent TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (type, id)
        )
        """,
        """
        CREATE TABLE sends (
            idempotency_key TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            journey_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            auth_id TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'trigger')),
            purpose TEXT,
            recipient TEXT,
            detail TEXT NOT NULL,
            sent_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX sends_for_frequency_cap ON sends(auth_id, channel, purpose, sent_at)",
        """
        CREATE TABLE entities (
            name TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            customer_type TEXT NOT NULL CHECK (customer_type IN ('contact', 'lead', 'profile')),
            fields TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE records (
            entity TEXT NOT NULL REFERENCES entities(name),
            id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            fields TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (entity, id)
        )
        """,
        "CREATE INDEX records_by_customer ON records(entity, customer_id, updated_at)",
        """
        CREATE TABLE tracking_counts (
            message_id TEXT NOT NULL,
            link INTEGER NOT NULL,
            journey_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            count BIGINT NOT NULL,
            first_at BIGINT NOT NULL,
            last_at BIGINT NOT NULL,
            PRIMARY KEY (message_id, link)
        )
        """,
        "CREATE INDEX tracking_counts_by_step ON tracking_counts(journey_id, step_id)",
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'developer')),
            password_hash TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE web_sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at)",
        """
        CREATE TABLE developer_links (
            id TEXT PRIMARY KEY,
            trigger_name TEXT NOT NULL REFERENCES triggers(name) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT
        )
        """,
        "CREATE INDEX developer_links_by_trigger ON developer_links(trigger_name, created_at)",
    ]
}
