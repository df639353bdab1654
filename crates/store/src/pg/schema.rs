//! PostgreSQL schema and its versioned migrations. Same rules as the SQLite store: the version
//! is checked on every open, a newer version is refused, and migrations run in one transaction
//! (serialised across processes by an advisory lock, so workers starting together are safe).
//!
//! Designed to distribute on Citus unchanged: `documents` and `events` carry `doc_id` (the
//! distribution column, co-located), no unique constraint spans documents, `vigil_meta` is
//! small and global (a reference table), `work_queue` is the coordinator's lease queue. Events
//! are range-partitioned by month of `day` (see `partition_name`); undated events live in the
//! default partition. Text that is sorted is `COLLATE "C"`, so the order is byte order, as in
//! SQLite, whatever the database locale.

/// Lock id taken by migrations (`pg_advisory_xact_lock`).
pub(crate) const MIGRATE_LOCK: i64 = 0x5647_494C_0001;
/// Lock id taken while a month partition is created.
pub(crate) const PARTITION_LOCK: i64 = 0x5647_494C_0002;

/// Migration `i` upgrades the schema from version `i` to `i + 1`.
pub(crate) const PG_MIGRATIONS: &[&str] = &[
    // 0 -> 1: documents with full text, the lease queue, events partitioned by month.
    r#"
    CREATE TABLE vigil_meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE documents (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        external_id text,
        source text,
        url text,
        title text,
        published date,
        ingested_at text,
        json text NOT NULL,
        coder text,
        failure text,
        fts tsvector NOT NULL
    );
    CREATE INDEX documents_seq ON documents (seq);
    CREATE INDEX documents_fts ON documents USING gin (fts);
    CREATE TABLE work_queue (
        doc_id text COLLATE "C" PRIMARY KEY,
        seq bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz
    );
    CREATE INDEX work_queue_seq ON work_queue (seq);
    CREATE TABLE events (
        id text COLLATE "C" NOT NULL,
        doc_id text COLLATE "C" NOT NULL,
        sentence bigint NOT NULL,
        cameo text COLLATE "C" NOT NULL,
        root text NOT NULL,
        quad_class smallint NOT NULL,
        goldstein double precision NOT NULL,
        source_code text,
        source_country text,
        target_code text,
        target_country text,
        actors text NOT NULL,
        day date,
        modality text NOT NULL,
        plover text,
        confidence double precision NOT NULL,
        json text NOT NULL
    ) PARTITION BY RANGE (day);
    CREATE TABLE events_undated PARTITION OF events DEFAULT;
    CREATE INDEX events_doc ON events (doc_id);
    CREATE INDEX events_id ON events (id);
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_cameo ON events (cameo);
    CREATE INDEX events_src_country ON events (source_country);
    CREATE INDEX events_tgt_country ON events (target_country);
    "#,
];

/// Name of the partition holding `day`'s month, and its bounds; `None` for years outside
/// 1–9999, which stay in the default partition.
pub(crate) fn partition_for(day: chrono::NaiveDate) -> Option<(String, String, String)> {
    use chrono::Datelike;
    let (y, m) = (day.year(), day.month());
    if !(1..=9999).contains(&y) {
        return None;
    }
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Some((
        format!("events_p{y:04}{m:02}"),
        format!("{y:04}-{m:02}-01"),
        format!("{ny:04}-{nm:02}-01"),
    ))
}
