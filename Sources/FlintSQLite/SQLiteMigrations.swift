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
        return migrator
    }
}
