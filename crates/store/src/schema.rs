//! Versioned schema migrations. Each entry upgrades from version `i` to `i + 1`; the version
//! lives in SQLite's `user_version` so it is checked on every open.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 0 -> 1: documents, full text, events.
    r#"
    CREATE TABLE documents (
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
    CREATE VIRTUAL TABLE doc_fts USING fts5(doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE events (
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
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_day ON events(day);
    CREATE INDEX events_cameo ON events(cameo);
    CREATE INDEX events_src_country ON events(source_country);
    CREATE INDEX events_tgt_country ON events(target_country);
    "#,
];
