//! Versioned schema migrations. Each entry upgrades from version `i` to `i + 1`; the version
//! lives in SQLite's `user_version` so it is checked on every open, and migrations run inside
//! one write transaction that re-reads it (see `open.rs`).

/// `PRAGMA application_id` of a Vigil store ("VGIL"), so another program's SQLite file is
/// recognised and refused.
pub(crate) const APPLICATION_ID: i64 = 0x5647_494C;

pub(crate) const MIGRATIONS: &[&str] = &[
    // 0 -> 1: documents, full text, events.
    r#"
    CREATE TABLE IF NOT EXISTS documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        external_id TEXT,
        source TEXT,
        url TEXT,
        title TEXT,
        published TEXT,
        ingested_at TEXT,
        json TEXT NOT NULL,
        coder TEXT
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5(doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        sentence INTEGER NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        source_code TEXT,
        source_country TEXT,
        target_code TEXT,
        target_country TEXT,
        actors TEXT NOT NULL,
        day TEXT,
        modality TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
    CREATE INDEX IF NOT EXISTS events_day ON events(day);
    CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo);
    CREATE INDEX IF NOT EXISTS events_src_country ON events(source_country);
    CREATE INDEX IF NOT EXISTS events_tgt_country ON events(target_country);
    "#,
    // 1 -> 2: a document whose extraction failed (over budget, stage error) is marked with the
    // coder and the reason, so it is not retried by every run of the same coder.
    r#"
    ALTER TABLE documents ADD COLUMN failure TEXT;
    "#,
    // 2 -> 3: an index on exactly the sort key of `Store::events` (EVENT_ORDER in sqlite.rs),
    // so a page of events streams from the index instead of sorting every stored event.
    // A revision counter that every change of documents or events bumps (triggers), so
    // caches of whole-store analyses (the server's alerts) know when they are stale without
    // scanning anything.
    r#"
    CREATE INDEX IF NOT EXISTS events_order
        ON events(day IS NULL, COALESCE(day, ''), doc_id, sentence, id);
    CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
    INSERT OR IGNORE INTO revision VALUES (1, 0);
    CREATE TRIGGER IF NOT EXISTS events_added AFTER INSERT ON events
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS events_removed AFTER DELETE ON events
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS events_changed AFTER UPDATE ON events
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS documents_added AFTER INSERT ON documents
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS documents_changed AFTER UPDATE ON documents
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS documents_removed AFTER DELETE ON documents
        BEGIN UPDATE revision SET n = n + 1 WHERE id = 1; END;
    "#,
];
